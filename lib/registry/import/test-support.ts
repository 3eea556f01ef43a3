// For the import's tests, on either engine: the sample community's people as the importer sees them (built from
// the tree, since loadUser reads SQLite only), and row counts through the store.
import { count, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { AppDb, Store } from '@/db/store';
import type { CurrentUser } from '@/lib/auth/load-user';
import { SAMPLE_COMMUNITY, setupSampleTree, type SampleTree } from './sample-community';

export async function rowCount(db: AppDb, table: SQLiteTable, where?: SQL): Promise<number> {
  const [row] = await db.select({ n: count() }).from(table).where(where);
  return row!.n;
}

/** The sample tree, set up once per store (a test file's tests share one store). */
const trees = new WeakMap<Store, Promise<SampleTree>>();
export function sampleTreeOf(store: Store): Promise<SampleTree> {
  let tree = trees.get(store);
  if (!tree) trees.set(store, (tree = setupSampleTree(store)));
  return tree;
}

/** fs_shuji (the community's secretary) or fs_admin (the county's administrator), as loadUser would return them. */
export function sampleUser(tree: SampleTree, who: 'secretary' | 'admin'): CurrentUser {
  const secretary = who === 'secretary';
  return {
    id: secretary ? tree.secretaryId : tree.adminId,
    username: secretary ? 'fs_shuji' : 'fs_admin',
    displayName: secretary ? 'fs_shuji' : 'fs_admin',
    role: who,
    unitId: null,
    partyMemberId: null,
    scope: { paths: [secretary ? tree.communityPath : tree.countyPath] },
    scopeNodes: [
      secretary
        ? { id: tree.communityId, name: SAMPLE_COMMUNITY, kind: 'community', path: tree.communityPath }
        : { id: tree.countyId, name: '新绛县', kind: 'county', path: tree.countyPath },
    ],
    sessionId: '',
    mustChangePassword: false,
  };
}
