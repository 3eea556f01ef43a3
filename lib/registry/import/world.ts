// The importing community as the planner sees it: its grids, buildings, households, people, party members, central households, units and accounts, loaded in a few queries and then changed in memory by the planned rows.
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, like, or } from 'drizzle-orm';
import type { CareTag, HouseholdStatus, PersonStatus, Role } from '@/db/schema';
import type { AppDb } from '@/db/store';
import {
  accounts,
  accountScopes,
  centralHouseholdLinks,
  centralHouseholds,
  householdCareTags,
  households,
  orgNodes,
  partyMembers,
  persons,
  units,
} from '@/db/tables';
import type { Relation } from './fields';

export type NodeRec = { id: number; name: string; kind: 'grid' | 'building' | 'community'; path: string; depth: number; rural: boolean; retired: boolean; parentId: number | null };

/** A building the import creates under an existing grid, because the file names it and the grid has none by that name. */
export type NewBuilding = { ref: string; gridId: number; gridName: string; name: string; firstSeen: { sheet: string; row: number } };

export type HouseholdRec = {
  ref: string;
  id: number | null;
  /** `n:<id>` of an existing building or grid, or the ref of a new building. */
  nodeRef: string;
  gridName: string;
  buildingName: string;
  unit: string | null;
  room: string;
  address: string;
  size: number;
  status: HouseholdStatus;
  statusSince: string | null;
  tags: CareTag[];
};

export type PersonRec = {
  ref: string;
  id: number | null;
  householdRef: string | null;
  name: string;
  phone: string | null;
  gender: 'M' | 'F';
  birthDate: string | null;
  idNumber: string | null;
  relation: Relation;
  status: PersonStatus;
  movedInOn: string | null;
};

export type PartyMemberRec = {
  ref: string;
  id: number | null;
  personRef: string;
  kind: 'in_service' | 'floating';
  workplace: string | null;
  unitId: number | null;
  nodeRef: string;
  registeredOn: string;
  status: 'active' | 'transferred_out';
  leftOn: string | null;
};

export type CentralRec = { ref: string; id: number | null; householdRef: string; partyMemberRef: string };

export type AccountRec = {
  ref: string;
  id: number | null;
  username: string;
  displayName: string;
  phone: string | null;
  role: Role;
  unitId: number | null;
  partyMemberRef: string | null;
  active: boolean;
  /** Node refs of the account's scope, sorted. */
  scopeRefs: string[];
  /** Whether every node of its scope lies within the importing community. */
  withinCommunity: boolean;
};

export type World = {
  community: NodeRec;
  nodes: Map<string, NodeRec>;
  gridsByName: Map<string, NodeRec>;
  buildingsByGridAndName: Map<string, NodeRec>;
  newBuildings: Map<string, NewBuilding>;
  households: Map<string, HouseholdRec>;
  /** Natural key (node ref | unit | room) → household ref. */
  householdByKey: Map<string, string>;
  persons: Map<string, PersonRec>;
  personById: Map<string, string>;
  personByNamePhone: Map<string, string>;
  /** household ref → person refs. */
  personsByHousehold: Map<string, string[]>;
  partyMembers: Map<string, PartyMemberRec>;
  partyMemberByPerson: Map<string, string>;
  centrals: Map<string, CentralRec>;
  centralByHousehold: Map<string, string>;
  /** household ref → central ref. */
  links: Map<string, string>;
  units: Map<string, { id: number; name: string }>;
  accounts: Map<string, AccountRec>;
  accountByPhone: Map<string, string>;
};

export const nodeRef = (id: number) => `n:${id}`;
export const householdKey = (nodeRefValue: string, unit: string | null, room: string) => `${nodeRefValue}|${unit ?? ''}|${room}`;
export const namePhoneKey = (name: string, phone: string) => `${name}|${phone}`;

const CHUNK = 500;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The reads of a community's registry, as drizzle builders (run awaited by readWorldSource). */
function worldQueries(db: AppDb, path: string) {
  const ancestors = path.split('/').filter(Boolean).map((_, i, ids) => `/${ids.slice(0, i + 1).join('/')}/`);
  return {
    nodes: db.select().from(orgNodes).where(like(orgNodes.path, `${path}_%`)).orderBy(asc(orgNodes.id)),
    tags: db
      .select({ householdId: householdCareTags.householdId, tag: householdCareTags.tag })
      .from(householdCareTags)
      .innerJoin(households, eq(households.id, householdCareTags.householdId))
      .where(like(households.nodePath, `${path}%`))
      .orderBy(asc(householdCareTags.householdId), asc(householdCareTags.tag)),
    households: db.select().from(households).where(like(households.nodePath, `${path}%`)).orderBy(asc(households.id)),
    // People of the community: its residents, and party members serving it who live elsewhere.
    residents: db
      .select({ p: persons })
      .from(persons)
      .innerJoin(households, eq(households.id, persons.householdId))
      .where(like(households.nodePath, `${path}%`))
      .orderBy(asc(persons.id)),
    members: db
      .select({ pm: partyMembers, p: persons })
      .from(partyMembers)
      .innerJoin(persons, eq(persons.id, partyMembers.personId))
      .where(like(partyMembers.nodePath, `${path}%`))
      .orderBy(asc(partyMembers.id)),
    centrals: db
      .select({ c: centralHouseholds })
      .from(centralHouseholds)
      .innerJoin(households, eq(households.id, centralHouseholds.householdId))
      .where(like(households.nodePath, `${path}%`))
      .orderBy(asc(centralHouseholds.id)),
    links: db
      .select({ householdId: centralHouseholdLinks.householdId, centralId: centralHouseholdLinks.centralHouseholdId })
      .from(centralHouseholdLinks)
      .innerJoin(households, eq(households.id, centralHouseholdLinks.householdId))
      .where(like(households.nodePath, `${path}%`))
      .orderBy(asc(centralHouseholdLinks.householdId)),
    // Co-building units of this community and the departments above it: where its members work and liaisons answer.
    units: db
      .select()
      .from(units)
      .where(and(eq(units.active, true), or(inArray(units.nodePath, ancestors), like(units.nodePath, `${path}%`))))
      .orderBy(asc(units.id)),
    scopes: db
      .select({ accountId: accountScopes.accountId, nodeId: orgNodes.id, path: orgNodes.path })
      .from(accountScopes)
      .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
      .orderBy(asc(accountScopes.accountId), asc(orgNodes.id)),
    accounts: db.select().from(accounts).orderBy(asc(accounts.id)),
  };
}

type WorldQueries = ReturnType<typeof worldQueries>;
type WorldRows = { [K in keyof WorldQueries]: Awaited<WorldQueries[K]> };

const communityQuery = (db: AppDb, communityId: number) =>
  db.select().from(orgNodes).where(and(eq(orgNodes.id, communityId), eq(orgNodes.kind, 'community'))).limit(1);

export type WorldSource = { community: typeof orgNodes.$inferSelect; rows: WorldRows };

/** The community's rows as read, before any plan changes them: `buildWorld` makes the planner's world of them. */
export async function readWorldSource(db: AppDb, communityId: number): Promise<WorldSource | null> {
  const [community] = await communityQuery(db, communityId);
  if (!community) return null;
  const q = worldQueries(db, community.path);
  return {
    community,
    rows: {
      nodes: await q.nodes,
      tags: await q.tags,
      households: await q.households,
      residents: await q.residents,
      members: await q.members,
      centrals: await q.centrals,
      links: await q.links,
      units: await q.units,
      scopes: await q.scopes,
      accounts: await q.accounts,
    },
  };
}

/**
 * A fingerprint of everything a plan is computed from in the database: the community's rows as read, and which of
 * the file's ID numbers are registered elsewhere. Two reads with the same fingerprint plan a workbook identically.
 */
export function sourceDigest(source: WorldSource, elsewhere: ReadonlySet<string>): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(source.community));
  for (const [name, rows] of Object.entries(source.rows)) {
    hash.update(`\n${name}\n`);
    for (const row of rows) hash.update(`${JSON.stringify(row)}\n`);
  }
  hash.update(`\nelsewhere\n${[...elsewhere].sort().join(',')}`);
  return hash.digest('hex');
}

/** Loads the community's registry; the caller has checked the community is within the importer's scope. */
export async function readWorld(db: AppDb, communityId: number): Promise<World | null> {
  const source = await readWorldSource(db, communityId);
  return source && buildWorld(source.community, source.rows);
}

export function buildWorld(community: typeof orgNodes.$inferSelect, rows: WorldRows): World {
  const toRec = (n: typeof orgNodes.$inferSelect): NodeRec => ({
    id: n.id, name: n.name, kind: n.kind as NodeRec['kind'], path: n.path, depth: n.depth, rural: n.rural, retired: n.retiredAt !== null, parentId: n.parentId,
  });
  const world: World = {
    community: toRec(community),
    nodes: new Map(),
    gridsByName: new Map(),
    buildingsByGridAndName: new Map(),
    newBuildings: new Map(),
    households: new Map(),
    householdByKey: new Map(),
    persons: new Map(),
    personById: new Map(),
    personByNamePhone: new Map(),
    personsByHousehold: new Map(),
    partyMembers: new Map(),
    partyMemberByPerson: new Map(),
    centrals: new Map(),
    centralByHousehold: new Map(),
    links: new Map(),
    units: new Map(),
    accounts: new Map(),
    accountByPhone: new Map(),
  };
  const path = community.path;
  world.nodes.set(nodeRef(community.id), world.community);
  for (const n of rows.nodes) world.nodes.set(nodeRef(n.id), toRec(n));
  for (const n of world.nodes.values()) {
    if (n.kind === 'grid') world.gridsByName.set(n.name, n);
  }
  for (const n of world.nodes.values()) {
    if (n.kind !== 'building' || n.parentId === null) continue;
    const grid = world.nodes.get(nodeRef(n.parentId));
    if (grid) world.buildingsByGridAndName.set(`${grid.id}|${n.name}`, n);
  }

  const tagsOf = new Map<number, CareTag[]>();
  for (const t of rows.tags) if (t.tag !== 'elderly_80') (tagsOf.get(t.householdId) ?? tagsOf.set(t.householdId, []).get(t.householdId)!).push(t.tag);

  for (const h of rows.households) {
    const node = world.nodes.get(nodeRef(h.nodeId));
    const grid = node?.kind === 'building' && node.parentId !== null ? world.nodes.get(nodeRef(node.parentId)) : node;
    const rec: HouseholdRec = {
      ref: `h:${h.id}`, id: h.id, nodeRef: nodeRef(h.nodeId), gridName: grid?.name ?? '', buildingName: node?.kind === 'building' ? node.name : '',
      unit: h.unit, room: h.room ?? '', address: h.address, size: h.size, status: h.status, statusSince: h.statusSince, tags: (tagsOf.get(h.id) ?? []).sort(),
    };
    world.households.set(rec.ref, rec);
    world.householdByKey.set(householdKey(rec.nodeRef, rec.unit, rec.room), rec.ref);
  }

  for (const { p } of [...rows.residents, ...rows.members]) addPerson(world, personRec(p));
  for (const { pm } of rows.members) {
    const rec: PartyMemberRec = {
      ref: `pm:${pm.id}`, id: pm.id, personRef: `p:${pm.personId}`, kind: pm.kind, workplace: pm.workplace, unitId: pm.unitId,
      nodeRef: nodeRef(pm.nodeId), registeredOn: pm.registeredOn, status: pm.status, leftOn: pm.leftOn,
    };
    world.partyMembers.set(rec.ref, rec);
    world.partyMemberByPerson.set(rec.personRef, rec.ref);
  }

  for (const { c } of rows.centrals) {
    const rec: CentralRec = { ref: `c:${c.id}`, id: c.id, householdRef: `h:${c.householdId}`, partyMemberRef: `pm:${c.partyMemberId}` };
    world.centrals.set(rec.ref, rec);
    world.centralByHousehold.set(rec.householdRef, rec.ref);
  }
  for (const l of rows.links) world.links.set(`h:${l.householdId}`, `c:${l.centralId}`);

  for (const u of rows.units) world.units.set(u.name, { id: u.id, name: u.name });

  const scopesOf = new Map<number, { nodeId: number; path: string }[]>();
  for (const s of rows.scopes) (scopesOf.get(s.accountId) ?? scopesOf.set(s.accountId, []).get(s.accountId)!).push(s);
  for (const a of rows.accounts) {
    const scope = scopesOf.get(a.id) ?? [];
    const rec: AccountRec = {
      ref: `a:${a.id}`, id: a.id, username: a.username, displayName: a.displayName, phone: a.phone, role: a.role, unitId: a.unitId,
      partyMemberRef: a.partyMemberId ? `pm:${a.partyMemberId}` : null, active: a.active,
      scopeRefs: scope.map((s) => nodeRef(s.nodeId)).sort(),
      withinCommunity: scope.length > 0 && scope.every((s) => s.path.startsWith(path)),
    };
    world.accounts.set(a.username.toLowerCase(), rec);
    if (a.phone) world.accountByPhone.set(a.phone, rec.ref);
  }
  return world;
}

function personRec(p: typeof persons.$inferSelect): PersonRec {
  return {
    ref: `p:${p.id}`, id: p.id, householdRef: p.householdId ? `h:${p.householdId}` : null, name: p.name, phone: p.phone, gender: p.gender,
    birthDate: p.birthDate, idNumber: p.idNumber, relation: p.relation, status: p.status, movedInOn: p.movedInOn,
  };
}

/** Adds or re-indexes a person in the world's lookups. */
export function addPerson(world: World, rec: PersonRec): void {
  world.persons.set(rec.ref, rec);
  indexPerson(world, rec);
}

export function indexPerson(world: World, rec: PersonRec): void {
  if (rec.idNumber) world.personById.set(rec.idNumber, rec.ref);
  if (rec.phone) world.personByNamePhone.set(namePhoneKey(rec.name, rec.phone), rec.ref);
  if (rec.householdRef) {
    const list = world.personsByHousehold.get(rec.householdRef) ?? world.personsByHousehold.set(rec.householdRef, []).get(rec.householdRef)!;
    if (!list.includes(rec.ref)) list.push(rec.ref);
  }
}

export function unindexPersonHousehold(world: World, rec: PersonRec): void {
  if (!rec.householdRef) return;
  const list = world.personsByHousehold.get(rec.householdRef);
  if (list) world.personsByHousehold.set(rec.householdRef, list.filter((r) => r !== rec.ref));
}

/**
 * ID numbers of the file registered to somebody outside the community: the number is unique
 * across the whole registry, so such a row cannot be imported here. One query per 500 numbers.
 */
export async function idNumbersElsewhere(db: AppDb, world: World, idNumbers: readonly string[]): Promise<Set<string>> {
  const unknown = idNumbers.filter((id) => !world.personById.has(id));
  const out = new Set<string>();
  for (const part of chunks(unknown)) {
    for (const r of await db.select({ id: persons.idNumber }).from(persons).where(and(isNotNull(persons.idNumber), inArray(persons.idNumber, part)))) {
      if (r.id) out.add(r.id);
    }
  }
  return out;
}
