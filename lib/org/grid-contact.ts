// Who a resident may call about a place: the grid's published service phone and its grid workers' names.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AppDb } from '@/db/store';
import { accounts, accountScopes, orgNodes } from '@/db/tables';

export type GridContact = { gridName: string; servicePhone: string | null; workerNames: string[] };

/** The ids on a materialised path (`/1/2/5/` → [1, 2, 5]). */
const idsOnPath = (path: string) => path.split('/').filter(Boolean).map(Number);

/**
 * The grid a place lies in, with what the community publishes about it. Only the service phone
 * the community chose to publish is shown, never a worker's own account phone. Null when the
 * place is above grid level (a community-wide wish box).
 */
export async function getGridContact(db: AppDb, nodePath: string): Promise<GridContact | null> {
  const [grid] = await db
    .select({ id: orgNodes.id, name: orgNodes.name, servicePhone: orgNodes.servicePhone })
    .from(orgNodes)
    .where(and(inArray(orgNodes.id, idsOnPath(nodePath)), eq(orgNodes.kind, 'grid')))
    .limit(1);
  if (!grid) return null;
  const workers = await db
    .select({ name: accounts.displayName })
    .from(accountScopes)
    .innerJoin(accounts, eq(accounts.id, accountScopes.accountId))
    .where(and(eq(accountScopes.nodeId, grid.id), eq(accounts.role, 'grid_worker'), eq(accounts.active, true)))
    .orderBy(asc(accounts.id));
  return { gridName: grid.name, servicePhone: grid.servicePhone, workerNames: workers.map((w) => w.name) };
}
