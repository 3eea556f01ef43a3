// The places a request can be logged at: the grids and buildings of a scope, grouped by grid.
import { and, asc, inArray, isNull, or, eq } from 'drizzle-orm';
import type { AppDb } from '@/db/store';
import { orgNodes } from '@/db/tables';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';

export type LocationGroup = {
  gridId: number;
  /** The grid's name, with its community's when the scope spans several communities. */
  label: string;
  /** False when the scope covers only some buildings of the grid, not the grid itself. */
  gridSelectable: boolean;
  buildings: { id: number; name: string }[];
};

function idsOnPath(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

/** Two queries whatever the size of the scope: the nodes in it, then the grids and communities above them. */
export async function intakeLocations(db: AppDb, scope: Scope): Promise<LocationGroup[]> {
  const rows = await db
    .select({ id: orgNodes.id, kind: orgNodes.kind, name: orgNodes.name, path: orgNodes.path })
    .from(orgNodes)
    // Retired grids and buildings take no new requests, so they are no choice here.
    .where(and(withinScope(orgNodes.path, scope), or(eq(orgNodes.kind, 'grid'), eq(orgNodes.kind, 'building')), isNull(orgNodes.retiredAt)))
    .orderBy(asc(orgNodes.depth), asc(orgNodes.sortOrder), asc(orgNodes.id));
  if (rows.length === 0) return [];
  const above = await db
    .select({ id: orgNodes.id, kind: orgNodes.kind, name: orgNodes.name, sortOrder: orgNodes.sortOrder })
    .from(orgNodes)
    .where(and(inArray(orgNodes.id, [...new Set(rows.flatMap((r) => idsOnPath(r.path)))]), or(eq(orgNodes.kind, 'grid'), eq(orgNodes.kind, 'community'))));
  const byId = new Map(above.map((n) => [n.id, n]));
  const inScope = new Set(rows.map((r) => r.id));

  const groups = new Map<number, LocationGroup & { community: { name: string; order: [number, number] } }>();
  for (const r of rows) {
    const chain = idsOnPath(r.path).map((id) => byId.get(id));
    const grid = chain.find((n) => n?.kind === 'grid');
    const community = chain.find((n) => n?.kind === 'community');
    if (!grid) continue;
    const group = groups.get(grid.id) ?? {
      gridId: grid.id,
      label: grid.name,
      gridSelectable: inScope.has(grid.id),
      buildings: [],
      community: { name: community?.name ?? '', order: [community?.sortOrder ?? 0, community?.id ?? 0] },
    };
    if (r.kind === 'building') group.buildings.push({ id: r.id, name: r.name });
    groups.set(grid.id, group);
  }
  // Grids come in tree order within their community; communities keep theirs (the sort is stable).
  const sorted = [...groups.values()].sort((a, b) => a.community.order[0] - b.community.order[0] || a.community.order[1] - b.community.order[1]);
  const severalCommunities = new Set(sorted.map((g) => g.community.name)).size > 1;
  return sorted.map(({ community, ...g }) => ({ ...g, label: severalCommunities && community.name ? `${community.name} · ${g.label}` : g.label }));
}
