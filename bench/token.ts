// An API token for the throughput benches on any database (the demo or the county): scoped to the community of the
// first grid with buildings, plus a building there to log requests at and an active category to accept them with.
// Issued through the app's own command (createApiToken) on the bench's store of that database.
import { and, asc, eq, like } from 'drizzle-orm';
import type { Store } from '../db/store';
import { accounts, categories, orgNodes } from '../db/tables';
import { createApiToken } from '../lib/api/tokens';
import { loadUser } from '../lib/auth/load-user';

export async function benchTokenFor(store: Store): Promise<{ token: string; buildingId: number; categoryId: number }> {
  const db = store.db;
  const [admin] = await db.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.role, 'admin'), eq(accounts.active, true))).orderBy(asc(accounts.id)).limit(1);
  const adminUser = admin && (await loadUser(db, admin.id));
  if (!adminUser) throw new Error('bench: no active administrator');
  // The demo's 龙湖社区 when present, otherwise the first community.
  const community =
    (await db.select({ id: orgNodes.id, path: orgNodes.path }).from(orgNodes).where(and(eq(orgNodes.kind, 'community'), eq(orgNodes.name, '龙湖社区'))).orderBy(asc(orgNodes.id)).limit(1))[0] ??
    (await db.select({ id: orgNodes.id, path: orgNodes.path }).from(orgNodes).where(eq(orgNodes.kind, 'community')).orderBy(asc(orgNodes.id)).limit(1))[0];
  if (!community) throw new Error('bench: no community');
  const [building] = await db
    .select({ id: orgNodes.id })
    .from(orgNodes)
    .where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${community.path}%`)))
    .orderBy(asc(orgNodes.id))
    .limit(1);
  if (!building) throw new Error('bench: the community has no buildings');
  const [category] = await db.select({ id: categories.id }).from(categories).where(eq(categories.active, true)).orderBy(asc(categories.id)).limit(1);
  if (!category) throw new Error('bench: no active category');
  const token = await createApiToken(store, adminUser, { name: '吞吐基准测试', nodeId: community.id });
  if (!token.ok) throw new Error(`bench: could not issue an API token: ${token.message}`);
  return { token: token.secret, buildingId: building.id, categoryId: category.id };
}
