// Who a resident may call about a place: the grid's published service phone and its grid workers' names.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accounts, accountScopes, orgNodes } from '@/db/schema';

export type GridContact = { gridName: string; servicePhone: string | null; workerNames: string[] };

/** The ids on a materialised path (`/1/2/5/` → [1, 2, 5]). */
const idsOnPath = (path: string) => path.split('/').filter(Boolean).map(Number);

/**
 * The grid a place lies in, with what the community publishes about it. Only the service phone
 * the community chose to publish is shown, never a worker's own account phone. Null when the
 * place is above grid level (a community-wide wish box).
 */
export function getGridContact(db: DB, nodePath: string): GridContact | null {
  const grid = db
    .select({ id: orgNodes.id, name: orgNodes.name, servicePhone: orgNodes.servicePhone })
    .from(orgNodes)
    .where(and(inArray(orgNodes.id, idsOnPath(nodePath)), eq(orgNodes.kind, 'grid')))
    .get();
  if (!grid) return null;
  const workers = db
    .select({ name: accounts.displayName })
    .from(accountScopes)
    .innerJoin(accounts, eq(accounts.id, accountScopes.accountId))
    .where(and(eq(accountScopes.nodeId, grid.id), eq(accounts.role, 'grid_worker'), eq(accounts.active, true)))
    .orderBy(asc(accounts.id))
    .all();
  return { gridName: grid.name, servicePhone: grid.servicePhone, workerNames: workers.map((w) => w.name) };
}
