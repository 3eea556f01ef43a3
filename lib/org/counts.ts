// Rolls per-node counts up the tree, so every node shows the totals of its whole subtree.
import type { OrgKind } from '@/db/schema';

export type OrgCounts = {
  grids: number;
  buildings: number;
  households: number;
  residents: number;
  /** 在职党员 registered with the community. */
  partyMembers: number;
  /** 流动党员. */
  floatingMembers: number;
  centralHouseholds: number;
  careHouseholds: number;
};

export type CountKey = keyof OrgCounts;

export const emptyCounts = (): OrgCounts => ({
  grids: 0,
  buildings: 0,
  households: 0,
  residents: 0,
  partyMembers: 0,
  floatingMembers: 0,
  centralHouseholds: 0,
  careHouseholds: 0,
});

/** `retired`: a retired grid or building is no longer counted as one (its households and residents still are). */
export type TreeNodeRef = { id: number; kind: OrgKind; path: string; retired?: boolean };

/** Ids on a path, root first: "/1/2/3/" → [1, 2, 3]. */
export function pathIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

/**
 * `direct` holds counts of records attached directly to a node (households to their building,
 * …). The result holds, for every node, the sum over its subtree; grids and buildings are
 * counted from the nodes themselves. Nodes outside `nodes` (ancestors above the scope) are skipped.
 */
export function rollUpCounts(
  nodes: readonly TreeNodeRef[],
  direct: ReadonlyArray<{ nodeId: number; key: CountKey; value: number }>,
): Map<number, OrgCounts> {
  const totals = new Map<number, OrgCounts>(nodes.map((n) => [n.id, emptyCounts()]));
  const pathOf = new Map(nodes.map((n) => [n.id, n.path]));
  const addUp = (path: string, key: CountKey, value: number) => {
    for (const id of pathIds(path)) {
      const t = totals.get(id);
      if (t) t[key] += value;
    }
  };
  for (const n of nodes) {
    if (n.retired) continue;
    if (n.kind === 'grid') addUp(n.path, 'grids', 1);
    if (n.kind === 'building') addUp(n.path, 'buildings', 1);
  }
  for (const d of direct) {
    const path = pathOf.get(d.nodeId);
    if (path) addUp(path, d.key, d.value);
  }
  return totals;
}
