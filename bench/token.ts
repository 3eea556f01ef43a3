// An API token for the throughput benches on any database (the demo or the county): scoped to the community of the
// first grid with buildings, plus a building there to log requests at and an active category to accept them with.
import { and, asc, eq, like } from 'drizzle-orm';
import type { DB } from '../db/client';
import { accounts, categories, orgNodes } from '../db/schema';
import { createApiTokenSync } from '../lib/api/tokens';
import { loadUserSync } from '../lib/auth/load-user';

export function benchTokenFor(db: DB): { token: string; buildingId: number; categoryId: number } {
  const admin = db.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.role, 'admin'), eq(accounts.active, true))).orderBy(asc(accounts.id)).get();
  const adminUser = admin && loadUserSync(db, admin.id);
  if (!adminUser) throw new Error('bench: no active administrator');
  // The demo's 龙湖社区 when present, otherwise the first community.
  const community =
    db.select({ id: orgNodes.id, path: orgNodes.path }).from(orgNodes).where(and(eq(orgNodes.kind, 'community'), eq(orgNodes.name, '龙湖社区'))).get() ??
    db.select({ id: orgNodes.id, path: orgNodes.path }).from(orgNodes).where(eq(orgNodes.kind, 'community')).orderBy(asc(orgNodes.id)).get();
  if (!community) throw new Error('bench: no community');
  const building = db
    .select({ id: orgNodes.id })
    .from(orgNodes)
    .where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${community.path}%`)))
    .orderBy(asc(orgNodes.id))
    .get();
  if (!building) throw new Error('bench: the community has no buildings');
  const category = db.select({ id: categories.id }).from(categories).where(eq(categories.active, true)).orderBy(asc(categories.id)).get();
  if (!category) throw new Error('bench: no active category');
  const token = createApiTokenSync(db, adminUser, { name: '吞吐基准测试', nodeId: community.id });
  if (!token.ok) throw new Error(`bench: could not issue an API token: ${token.message}`);
  return { token: token.secret, buildingId: building.id, categoryId: category.id };
}
