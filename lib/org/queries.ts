// Reads of the organisation tree, always filtered by the reader's scope in SQL.
import { and, asc, count, eq, inArray, or, sql } from 'drizzle-orm';
import { ascNullsFirst } from '@/db/dialect';
import type { AppDb } from '@/db/store';
import {
  accountScopes,
  accounts,
  centralHouseholdLinks,
  centralHouseholds,
  householdCareTags,
  households,
  orgNodes,
  partyMembers,
  persons,
} from '@/db/tables';
import type { HouseholdStatus, OrgKind } from '@/db/schema';
import type { Scope } from '@/lib/auth/scope';
import { withinScope, withinScopeRange } from '@/lib/auth/scope-sql';
import { countedHousehold, elderlyHouseholdIds, hasElderlyResident, registerDay, withElderlyTag } from '@/lib/registry/elderly';
import { rollUpCounts, type CountKey, type OrgCounts } from './counts';

export type OrgTreeNode = {
  id: number;
  parentId: number | null;
  kind: OrgKind;
  name: string;
  partyOrgName: string | null;
  rural: boolean;
  path: string;
  /** Retired (lib/registry/nodes.ts): still shown, with its history, marked 已撤销. */
  retired: boolean;
  counts: OrgCounts;
  gridWorkers: { id: number; name: string }[];
  children: OrgTreeNode[];
};

/**
 * Per-node counts of everything attached directly to a node, one grouped query per measure.
 * Households count while occupied, residents while living there; a care household has a stored
 * tag or, on `today`, a resident aged 80 or more.
 */
async function directCounts(db: AppDb, scope: Scope, today: string) {
  const rows: { nodeId: number; key: CountKey; value: number }[] = [];
  const push = (key: CountKey, list: { nodeId: number; value: number }[]) => {
    for (const r of list) rows.push({ nodeId: r.nodeId, key, value: r.value });
  };
  push(
    'households',
    await db
      .select({ nodeId: households.nodeId, value: count() })
      .from(households)
      .where(and(withinScopeRange(households.nodePath, scope), countedHousehold()))
      .groupBy(households.nodeId),
  );
  // Per household in scope, its present residents through persons_household_idx: written as a join, the planner
  // scanned every person of the database (the county's 330,000) to find the scope's.
  push(
    'residents',
    await db
      .select({
        nodeId: households.nodeId,
        value: 
          // Spelled out: drizzle leaves the columns of a one-table select unqualified, and a bare "id" would be the person's.
          sql<number>`sum((select count(*) from persons p where p.household_id = "households"."id" and p.status = 'present'))`.mapWith(Number),
      })
      .from(households)
      .where(and(withinScopeRange(households.nodePath, scope), countedHousehold()))
      .groupBy(households.nodeId),
  );
  for (const kind of ['in_service', 'floating'] as const) {
    push(
      kind === 'in_service' ? 'partyMembers' : 'floatingMembers',
      await db
        .select({ nodeId: partyMembers.nodeId, value: count() })
        .from(partyMembers)
        .where(and(withinScopeRange(partyMembers.nodePath, scope), eq(partyMembers.kind, kind), eq(partyMembers.status, 'active')))
        .groupBy(partyMembers.nodeId),
    );
  }
  push(
    'centralHouseholds',
    await db
      .select({ nodeId: households.nodeId, value: count() })
      .from(centralHouseholds)
      .innerJoin(households, eq(households.id, centralHouseholds.householdId))
      .where(withinScopeRange(households.nodePath, scope))
      .groupBy(households.nodeId),
  );
  push(
    'careHouseholds',
    await db
      .select({ nodeId: households.nodeId, value: count() })
      .from(households)
      .where(
        and(
          withinScopeRange(households.nodePath, scope),
          countedHousehold(),
          or(sql`EXISTS (SELECT 1 FROM ${householdCareTags} WHERE ${householdCareTags.householdId} = ${households.id})`, hasElderlyResident(households.id, today)),
        ),
      )
      .groupBy(households.nodeId),
  );
  return rows;
}

/** The grid workers of every grid in scope, keyed by grid id. */
async function gridWorkersByNode(db: AppDb, scope: Scope): Promise<Map<number, { id: number; name: string }[]>> {
  const rows = await db
    .select({ nodeId: accountScopes.nodeId, id: accounts.id, name: accounts.displayName })
    .from(accountScopes)
    .innerJoin(accounts, eq(accounts.id, accountScopes.accountId))
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(and(eq(accounts.role, 'grid_worker'), eq(accounts.active, true), withinScopeRange(orgNodes.path, scope)))
    .orderBy(asc(accounts.username));
  const map = new Map<number, { id: number; name: string }[]>();
  for (const r of rows) map.set(r.nodeId, [...(map.get(r.nodeId) ?? []), { id: r.id, name: r.name }]);
  return map;
}

/**
 * The part of the tree the scope covers, each node with the counts of its subtree.
 * Six grouped queries in all, whatever the size of the tree.
 */
export async function getOrgTree(db: AppDb, scope: Scope, today = registerDay()): Promise<OrgTreeNode[]> {
  const rows = await db
    .select({
      id: orgNodes.id,
      parentId: orgNodes.parentId,
      kind: orgNodes.kind,
      name: orgNodes.name,
      partyOrgName: orgNodes.partyOrgName,
      rural: orgNodes.rural,
      path: orgNodes.path,
      retiredAt: orgNodes.retiredAt,
    })
    .from(orgNodes)
    .where(withinScopeRange(orgNodes.path, scope))
    .orderBy(asc(orgNodes.depth), asc(orgNodes.sortOrder), asc(orgNodes.id));
  const totals = rollUpCounts(
    rows.map((r) => ({ ...r, retired: r.retiredAt !== null })),
    await directCounts(db, scope, today),
  );
  const workers = await gridWorkersByNode(db, scope);
  const byId = new Map<number, OrgTreeNode>();
  const roots: OrgTreeNode[] = [];
  for (const { retiredAt, ...r } of rows) {
    const node: OrgTreeNode = { ...r, retired: retiredAt !== null, counts: totals.get(r.id)!, gridWorkers: workers.get(r.id) ?? [], children: [] };
    byId.set(r.id, node);
    const parent = r.parentId === null ? undefined : byId.get(r.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export type OrgNodeRow = typeof orgNodes.$inferSelect;

/** A node the scope covers, or null: callers answer "not found" either way. */
export async function getNodeInScope(db: AppDb, scope: Scope, nodeId: number): Promise<OrgNodeRow | null> {
  const [node] = await db.select().from(orgNodes).where(and(eq(orgNodes.id, nodeId), withinScope(orgNodes.path, scope))).limit(1);
  return node ?? null;
}

/** The chain above a node, root first (county … parent), for breadcrumbs and the party chain. */
export async function getAncestors(db: AppDb, node: { path: string; id: number }) {
  const ids = node.path.split('/').filter(Boolean).map(Number).filter((id) => id !== node.id);
  if (ids.length === 0) return [];
  return await db
    .select({ id: orgNodes.id, kind: orgNodes.kind, name: orgNodes.name, partyOrgName: orgNodes.partyOrgName, path: orgNodes.path })
    .from(orgNodes)
    .where(inArray(orgNodes.id, ids))
    .orderBy(asc(orgNodes.depth));
}

/** A node with its subtree and counts, or null when the scope does not cover it. */
export async function getNodeView(db: AppDb, scope: Scope, nodeId: number, today = registerDay()) {
  const node = await getNodeInScope(db, scope, nodeId);
  if (!node) return null;
  const [subtree] = await getOrgTree(db, { paths: [node.path] }, today);
  return { node: subtree!, ancestors: await getAncestors(db, node), leaderPartyMemberId: node.leaderPartyMemberId };
}

export type HouseholdListItem = {
  id: number;
  unit: string | null;
  room: string | null;
  address: string;
  size: number;
  status: HouseholdStatus;
  tags: string[];
  isCentral: boolean;
};

/**
 * The households directly in a building (or rural grid), with care tags (80岁以上 computed for
 * `today`); optionally only the occupied ones that need care.
 */
export async function listHouseholdsOfNode(
  db: AppDb,
  scope: Scope,
  nodeId: number,
  opts: { careOnly?: boolean; today?: string } = {},
): Promise<HouseholdListItem[]> {
  const where = and(eq(households.nodeId, nodeId), withinScope(households.nodePath, scope));
  const tagRows = await db
    .select({ householdId: householdCareTags.householdId, tag: householdCareTags.tag })
    .from(householdCareTags)
    .innerJoin(households, eq(households.id, householdCareTags.householdId))
    .where(where);
  const tags = new Map<number, string[]>();
  for (const t of tagRows) tags.set(t.householdId, [...(tags.get(t.householdId) ?? []), t.tag]);
  const rows = await db
    .select({
      id: households.id,
      unit: households.unit,
      room: households.room,
      address: households.address,
      size: households.size,
      status: households.status,
      centralId: centralHouseholds.id,
    })
    .from(households)
    .leftJoin(centralHouseholds, eq(centralHouseholds.householdId, households.id))
    .where(where)
    .orderBy(ascNullsFirst(households.unit), ascNullsFirst(sql`length(${households.room})`), ascNullsFirst(households.room), asc(households.id));
  const elderly = await elderlyHouseholdIds(
    db,
    rows.map((r) => r.id),
    opts.today ?? registerDay(),
  );
  return rows
    .map((r) => ({
      id: r.id,
      unit: r.unit,
      room: r.room,
      address: r.address,
      size: r.size,
      status: r.status,
      tags: withElderlyTag(tags.get(r.id) ?? [], elderly.has(r.id)),
      isCentral: r.centralId !== null,
    }))
    .filter((h) => !opts.careOnly || (h.status === 'occupied' && h.tags.length > 0));
}

export type CentralHouseholdView = {
  id: number;
  householdId: number;
  address: string;
  memberName: string;
  looksAfter: { householdId: number; address: string }[];
};

/** The central households of a building (or rural grid) and the households each looks after. */
export async function listCentralHouseholdsOfNode(db: AppDb, scope: Scope, nodeId: number): Promise<CentralHouseholdView[]> {
  const centrals = await db
    .select({ id: centralHouseholds.id, householdId: households.id, address: households.address, memberName: persons.name })
    .from(centralHouseholds)
    .innerJoin(households, eq(households.id, centralHouseholds.householdId))
    .innerJoin(partyMembers, eq(partyMembers.id, centralHouseholds.partyMemberId))
    .innerJoin(persons, eq(persons.id, partyMembers.personId))
    .where(and(eq(households.nodeId, nodeId), withinScope(households.nodePath, scope)))
    .orderBy(ascNullsFirst(households.unit), ascNullsFirst(households.room), asc(households.id));
  if (centrals.length === 0) return [];
  const links = await db
    .select({ centralId: centralHouseholdLinks.centralHouseholdId, householdId: households.id, address: households.address })
    .from(centralHouseholdLinks)
    .innerJoin(households, eq(households.id, centralHouseholdLinks.householdId))
    .where(
      and(
        inArray(
          centralHouseholdLinks.centralHouseholdId,
          centrals.map((c) => c.id),
        ),
        withinScope(households.nodePath, scope),
      ),
    )
    .orderBy(ascNullsFirst(households.unit), ascNullsFirst(sql`length(${households.room})`), ascNullsFirst(households.room), asc(households.id));
  const byCentral = new Map<number, { householdId: number; address: string }[]>();
  for (const l of links) byCentral.set(l.centralId, [...(byCentral.get(l.centralId) ?? []), { householdId: l.householdId, address: l.address }]);
  return centrals.map((c) => ({ ...c, looksAfter: byCentral.get(c.id) ?? [] }));
}

/** Party members who serve a building (包楼联户) or a rural grid. */
export async function listPartyMembersOfNode(db: AppDb, scope: Scope, nodeId: number) {
  return await db
    .select({ id: partyMembers.id, name: persons.name, kind: partyMembers.kind, workplace: partyMembers.workplace })
    .from(partyMembers)
    .innerJoin(persons, eq(persons.id, partyMembers.personId))
    .where(and(eq(partyMembers.nodeId, nodeId), withinScope(partyMembers.nodePath, scope)))
    .orderBy(asc(partyMembers.kind), asc(persons.name), asc(partyMembers.id));
}
