// Builds the deterministic demo community (tree, households, residents, party members, accounts) in one transaction.
import bcrypt from 'bcryptjs';
import { passwordCost } from '../password-cost';
import { sql } from 'drizzle-orm';
import type { DB } from '../client';
import * as s from '../schema';
import { bulkInsert } from './bulk-insert';
import {
  BUILDING_STYLES,
  CATEGORIES,
  CO_BUILDING_UNITS,
  DEMO_TREE,
  DEPARTMENTS,
  FLOATING_WORKPLACES,
  LONGHU,
  MAX_FLOORS,
  OTHER_WORKPLACES,
  REPLY_TEMPLATES,
  ROOMS_PER_FLOOR,
  UNIT_LIAISONS,
  type CommunitySpec,
  type GridSpec,
  type TreeSpec,
  type UnitSpec,
} from './catalog';
import { PhoneBook, personName, pickSurname, STAFF_PHONE_PREFIX, type Gender } from './names';
import { Random } from './random';

export const DEMO_PASSWORD = 'Yinghuo@2026';
export const DEFAULT_DEMO_SEED = 4321;
/** Every date in the demo is relative to this, so a rerun next year builds the same data. */
export const DEFAULT_DEMO_NOW = new Date('2026-11-01T09:00:00+08:00');

/** Share of a community's in-service party members who work for one of its co-building units. */
const CO_BUILDING_STAFF_SHARE = 0.4;
/** 党员中心户 look after "about ten" neighbours; the schema's consumers expect 8–12. */
const LINKS_MIN = 8;
const LINKS_MAX = 12;
const HOUSEHOLDS_PER_CENTRAL = 10;
const PARTY_AGE = { min: 23, max: 65 } as const;

export interface CommunityCounts {
  households: number;
  residents: number;
  inServicePartyMembers: number;
  floatingPartyMembers: number;
  centralHouseholds: number;
  linkedHouseholds: number;
  grids: number;
  buildings: number;
  elderly80Households: number;
}

export interface DemoAccount {
  username: string;
  role: s.Role;
  displayName: string;
  scopes: string[];
}

export interface DemoSummary {
  seed: number;
  /** 龙湖社区, the community of seed 002. */
  longhu: CommunityCounts;
  total: CommunityCounts & { orgNodes: number; units: number; categories: number; accounts: number };
  accounts: DemoAccount[];
}

type Relation = (typeof s.RELATIONS)[number];
type NodeRow = typeof s.orgNodes.$inferInsert & { id: number; path: string; depth: number };
type PersonRow = Omit<typeof s.persons.$inferInsert, 'birthDate'> & { id: number; householdId: number; birthYear: number; gender: Gender };

/** A birthday within the drafted year, spread by id without drawing from the generators (their sequences stay as they were). */
function demoBirthDate(id: number, year: number, today: string): string {
  const month = 1 + ((id * 7) % 12);
  const day = 1 + ((id * 13) % 28);
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  // A baby of this year is born by today at the latest: no date of birth lies in the future.
  return date > today ? today : date;
}
type PartyMemberRow = typeof s.partyMembers.$inferInsert & { id: number };

interface Household {
  row: typeof s.households.$inferInsert & { id: number };
  community: CommunitySpec;
  gridIndex: number;
  members: PersonRow[];
}

/** A building, or a rural grid: whatever node households hang from directly. */
interface Container {
  node: NodeRow;
  community: CommunitySpec;
  gridIndex: number;
  households: Household[];
}

interface BuildingPlan {
  gridIndex: number;
  number: number;
  units: number;
  floors: number;
  /** Drawn occupancy; the allocation scales all of them to hit the community's exact total. */
  occupancy: number;
}

interface CommunityBuild {
  spec: CommunitySpec;
  node: NodeRow;
  grids: NodeRow[];
  containers: Container[];
}

/**
 * Builds `opts.tree` (by default the one-community demo, DEMO_TREE) into an empty database. The
 * tree must hold 龙湖社区 (LONGHU): its co-building units and the demo's party-member accounts live there.
 */
export function seedDemo(db: DB, opts: { seed?: number; now?: Date; tree?: TreeSpec } = {}): DemoSummary {
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const tree = opts.tree ?? DEMO_TREE;
  const now = opts.now ?? DEFAULT_DEMO_NOW;
  const nowYear = now.getUTCFullYear();

  const existing = db.select({ n: sql<number>`count(*)` }).from(s.orgNodes).get();
  if ((existing?.n ?? 0) > 0) throw new Error('seedDemo: the database already has org nodes; seed only an empty database');

  // Separate streams per concern, so tweaking e.g. the care-tag rules leaves names and addresses alone.
  const root = new Random(seed);
  const layoutRng = root.fork(1);
  const familyRng = root.fork(2);
  const phoneRng = root.fork(3);
  const tagRng = root.fork(4);
  const partyRng = root.fork(5);

  const reservedPhones = [...CO_BUILDING_UNITS, ...DEPARTMENTS].map((u) => u.contactPhone);
  const phones = new PhoneBook(phoneRng, reservedPhones);

  // ---- organisation tree ----
  const nodes: NodeRow[] = [];
  let nextNodeId = 1;
  const addNode = (parent: NodeRow | null, kind: s.OrgKind, name: string, partyOrgName: string | null, sortOrder: number, rural = false): NodeRow => {
    const id = nextNodeId++;
    const node: NodeRow = {
      id,
      parentId: parent?.id ?? null,
      kind,
      name,
      partyOrgName,
      rural,
      path: `${parent?.path ?? '/'}${id}/`,
      depth: parent ? parent.depth + 1 : 0,
      sortOrder,
      servicePhone: null,
    };
    nodes.push(node);
    return node;
  };

  const county = addNode(null, 'county', tree.county.name, tree.county.partyOrgName, 1);
  const townships = tree.townships.map((t, i) => addNode(county, 'township', t.name, t.partyOrgName, i + 1));
  // Upper levels first, so communities and grids get small, memorable ids.
  const builds: CommunityBuild[] = tree.townships.flatMap((t, ti) =>
    t.communities.map((spec, i) => ({
      spec,
      node: addNode(townships[ti] as NodeRow, 'community', spec.name, spec.partyOrgName, i + 1),
      grids: [],
      containers: [],
    })),
  );
  for (const build of builds) {
    build.grids = build.spec.grids.map((g, i) => addNode(build.node, 'grid', g.name, g.partyOrgName, i + 1, g.rural === true));
  }

  // ---- households: layout first, then who lives there ----
  const households: Household[] = [];
  const persons: PersonRow[] = [];
  let nextHouseholdId = 1;
  let nextPersonId = 1;

  const addHousehold = (container: Container, unit: string | null, room: string, address: string): void => {
    const id = nextHouseholdId++;
    const members = composeFamily(familyRng, nowYear).map((d): PersonRow => {
      const age = nowYear - d.birthYear;
      return { id: nextPersonId++, householdId: id, ...d, phone: hasPhone(familyRng, age) ? phones.next() : null };
    });
    const household: Household = {
      row: { id, nodeId: container.node.id, nodePath: container.node.path, unit, room, address, size: members.length },
      community: container.community,
      gridIndex: container.gridIndex,
      members,
    };
    households.push(household);
    persons.push(...members);
    container.households.push(household);
  };

  for (const build of builds) {
    const { spec } = build;
    const plans = planBuildings(layoutRng, spec);
    const ruralTotal = spec.grids.reduce((sum, g) => sum + (g.rural ? g.households : 0), 0);
    const perBuilding = allocateHouseholds(layoutRng, plans, spec.households - ruralTotal);

    spec.grids.forEach((grid, gridIndex) => {
      const gridNode = build.grids[gridIndex] as NodeRow;
      if (grid.rural) {
        const container: Container = { node: gridNode, community: spec, gridIndex, households: [] };
        build.containers.push(container);
        const numbers = layoutRng
          .sample(
            Array.from({ length: grid.lastHouseNumber }, (_, i) => i + 1),
            grid.households,
          )
          .sort((a, b) => a - b);
        for (const n of numbers) addHousehold(container, null, `${n}号`, `${grid.name} ${n}号`);
        return;
      }
      plans.forEach((plan, planIndex) => {
        if (plan.gridIndex !== gridIndex) return;
        const node = addNode(gridNode, 'building', `${plan.number}号楼`, `${plan.number}号楼党小组`, plan.number);
        const container: Container = { node, community: spec, gridIndex, households: [] };
        build.containers.push(container);
        for (const { unit, room } of pickOccupiedRooms(layoutRng, plan, perBuilding[planIndex] ?? 0)) {
          addHousehold(container, unit, room, `${grid.name} ${node.name} ${unit} ${room}`);
        }
      });
    });
  }

  // ---- care tags ----
  const careTags: (typeof s.householdCareTags.$inferInsert)[] = [];
  for (const build of builds) {
    const own = build.containers.flatMap((c) => c.households);
    careTags.push(...tagHouseholds(tagRng, own, nowYear));
  }

  // ---- units ----
  const unitRows: (typeof s.units.$inferInsert & { id: number })[] = [];
  const longhuBuild = builds.find((b) => b.spec.key === LONGHU.key);
  if (!longhuBuild) throw new Error('seedDemo: the tree must hold 龙湖社区, the home of the co-building units');
  const addUnit = (spec: UnitSpec, kind: (typeof s.UNIT_KINDS)[number], node: NodeRow) => {
    const row = {
      id: unitRows.length + 1,
      kind,
      name: spec.name,
      partyOrgName: spec.partyOrgName,
      contactName: spec.contactName,
      contactPhone: spec.contactPhone,
      nodeId: node.id,
      nodePath: node.path,
    };
    unitRows.push(row);
    return row;
  };
  const coBuildingUnits = CO_BUILDING_UNITS.map((u) => ({ spec: u, row: addUnit(u, 'co_building', longhuBuild.node) }));
  for (const d of DEPARTMENTS) addUnit(d, 'department', county);

  // ---- party members and their central households ----
  const partyMembers: PartyMemberRow[] = [];
  const centralRows: (typeof s.centralHouseholds.$inferInsert & { id: number })[] = [];
  const linkRows: (typeof s.centralHouseholdLinks.$inferInsert & { householdId: number })[] = [];
  const memberOfPerson = new Map<number, PartyMemberRow>();
  const householdOfPerson = new Map<number, Household>();
  for (const h of households) for (const p of h.members) householdOfPerson.set(p.id, h);

  const registeredOn = (): string => {
    const daysAgo = partyRng.int(30, 5 * 365);
    return new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  };
  const isPartyAge = (p: PersonRow) => {
    const age = nowYear - p.birthYear;
    return age >= PARTY_AGE.min && age <= PARTY_AGE.max;
  };

  for (const build of builds) {
    const { spec } = build;
    const planned = planCentralHouseholds(partyRng, build.containers, isPartyAge);
    const chosen = new Map<number, { person: PersonRow; serves: NodeRow; central?: { household: Household; links: Household[] } }>();
    for (const c of planned) chosen.set(c.person.id, { person: c.person, serves: c.container.node, central: c });
    if (chosen.size > spec.inServicePartyMembers) {
      throw new Error(`seedDemo: ${spec.name} needs ${chosen.size} central households but has only ${spec.inServicePartyMembers} party members`);
    }

    // The rest of the members: anyone of working age; most serve their own building (包楼联户).
    const containerOfNode = new Map(build.containers.map((c) => [c.node.id, c]));
    const candidates = partyRng.shuffle(build.containers.flatMap((c) => c.households.flatMap((h) => h.members.filter(isPartyAge))));
    for (const person of candidates) {
      if (chosen.size >= spec.inServicePartyMembers) break;
      if (chosen.has(person.id)) continue;
      const home = containerOfNode.get((householdOfPerson.get(person.id) as Household).row.nodeId) as Container;
      const sameGrid = build.containers.filter((c) => c.gridIndex === home.gridIndex);
      const serves = partyRng.chance(0.85) ? home : partyRng.pick(sameGrid);
      chosen.set(person.id, { person, serves: serves.node });
    }
    if (chosen.size < spec.inServicePartyMembers) throw new Error(`seedDemo: not enough working-age residents in ${spec.name}`);

    const inService = [...chosen.values()].sort((a, b) => a.person.id - b.person.id);
    const withUnit = new Set(
      spec.key === LONGHU.key ? partyRng.sample(inService, Math.round(inService.length * CO_BUILDING_STAFF_SHARE)).map((c) => c.person.id) : [],
    );
    const unitWeights = coBuildingUnits.map((u) => [u, u.spec.staffWeight] as const);
    for (const c of inService) {
      const unit = withUnit.has(c.person.id) ? partyRng.weighted(unitWeights) : null;
      const member: PartyMemberRow = {
        id: partyMembers.length + 1,
        personId: c.person.id,
        kind: 'in_service',
        workplace: unit ? unit.spec.name : partyRng.pick(OTHER_WORKPLACES),
        unitId: unit ? unit.row.id : null,
        nodeId: c.serves.id,
        nodePath: c.serves.path,
        registeredOn: registeredOn(),
      };
      // Members reach the pledge board by phone; a member without one could not sign in.
      c.person.phone ??= phones.next();
      partyMembers.push(member);
      memberOfPerson.set(c.person.id, member);
      if (c.central) {
        const centralId = centralRows.length + 1;
        centralRows.push({ id: centralId, householdId: c.central.household.row.id, partyMemberId: member.id });
        for (const h of c.central.links) linkRows.push({ householdId: h.row.id, centralHouseholdId: centralId });
      }
    }

    // 流动党员: registered here, organisation elsewhere, mostly the new gig-economy workers.
    const floating = partyRng
      .shuffle(build.containers.flatMap((c) => c.households.flatMap((h) => h.members.filter((p) => nowYear - p.birthYear >= 20 && nowYear - p.birthYear <= 50))))
      .filter((p) => !chosen.has(p.id))
      .slice(0, spec.floatingPartyMembers)
      .sort((a, b) => a.id - b.id);
    for (const person of floating) {
      const home = householdOfPerson.get(person.id) as Household;
      person.phone ??= phones.next();
      const member: PartyMemberRow = {
        id: partyMembers.length + 1,
        personId: person.id,
        kind: 'floating',
        workplace: partyRng.pick(FLOATING_WORKPLACES),
        unitId: null,
        nodeId: home.row.nodeId,
        nodePath: home.row.nodePath,
        registeredOn: registeredOn(),
      };
      partyMembers.push(member);
      memberOfPerson.set(person.id, member);
    }
  }

  // ---- accounts ----
  const passwordHash = bcrypt.hashSync(DEMO_PASSWORD, passwordCost());
  const createdAt = now;
  const accountRows: (typeof s.accounts.$inferInsert & { id: number })[] = [];
  const scopeRows: (typeof s.accountScopes.$inferInsert)[] = [];
  const demoAccounts: DemoAccount[] = [];
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const addAccount = (
    a: { username: string; role: s.Role; displayName: string; phone: string | null; unitId?: number; partyMemberId?: number },
    scopes: NodeRow[],
  ) => {
    const id = accountRows.length + 1;
    accountRows.push({
      id,
      username: a.username,
      phone: a.phone,
      displayName: a.displayName,
      passwordHash,
      role: a.role,
      unitId: a.unitId ?? null,
      partyMemberId: a.partyMemberId ?? null,
      active: true,
      createdAt,
    });
    for (const node of scopes) scopeRows.push({ accountId: id, nodeId: node.id });
    demoAccounts.push({ username: a.username, role: a.role, displayName: a.displayName, scopes: scopes.map((n) => n.name) });
  };

  addAccount({ username: tree.admin.username, role: 'admin', displayName: tree.admin.displayName, phone: tree.admin.phone }, [county]);
  if (tree.countySecretary) addAccount({ ...tree.countySecretary, role: 'secretary' }, [county]);
  tree.townships.forEach((t, i) => {
    if (t.secretary) addAccount({ ...t.secretary, role: 'secretary' }, [townships[i] as NodeRow]);
  });
  for (const build of builds) {
    addAccount({ ...build.spec.secretary, role: 'secretary' }, [build.node]);
  }
  for (const build of builds) {
    for (const w of build.spec.gridWorkers) {
      addAccount(
        { username: w.username, role: 'grid_worker', displayName: w.name, phone: w.phone },
        w.grids.map((i) => build.grids[i] as NodeRow),
      );
      // The community publishes each grid worker's work phone as the grid's service phone.
      for (const i of w.grids) (build.grids[i] as NodeRow).servicePhone = w.phone;
    }
  }

  // Demo party members: who lives in 龙湖社区's first two grids; central-household members
  // first, because their linked households are what the party-member screens show.
  const dyPicks: { gridIndex: number; central: boolean }[] = [
    { gridIndex: 0, central: true },
    { gridIndex: 0, central: true },
    { gridIndex: 0, central: false },
    { gridIndex: 1, central: true },
    { gridIndex: 1, central: false },
  ];
  const centralMemberIds = new Set(centralRows.map((c) => c.partyMemberId));
  const usedDy = new Set<number>();
  dyPicks.forEach((pick, i) => {
    const pool = partyMembers.filter((m) => {
      if (m.kind !== 'in_service' || usedDy.has(m.id)) return false;
      const home = householdOfPerson.get(m.personId);
      return home?.community.key === LONGHU.key && home.gridIndex === pick.gridIndex;
    });
    const member = pool.find((m) => centralMemberIds.has(m.id) === pick.central) ?? pool[0];
    if (!member) throw new Error(`seedDemo: no party member in grid ${pick.gridIndex + 1} for a demo account`);
    usedDy.add(member.id);
    const person = persons[member.personId - 1] as PersonRow;
    addAccount(
      { username: `dy0${i + 1}`, role: 'party_member', displayName: person.name, phone: person.phone ?? null, partyMemberId: member.id },
      [longhuBuild.grids[pick.gridIndex] as NodeRow],
    );
  });

  for (const liaison of UNIT_LIAISONS) {
    const unit = unitRows.find((u) => u.name === liaison.unitName);
    const spec = [...CO_BUILDING_UNITS, ...DEPARTMENTS].find((u) => u.name === liaison.unitName);
    if (!unit || !spec) throw new Error(`seedDemo: unknown unit ${liaison.unitName}`);
    addAccount(
      { username: liaison.username, role: 'unit_liaison', displayName: `${spec.shortName} ${spec.contactName}`, phone: spec.contactPhone, unitId: unit.id },
      [nodeById.get(unit.nodeId) as NodeRow],
    );
  }
  for (const a of accountRows) {
    if (a.role !== 'party_member' && a.role !== 'unit_liaison' && !a.phone?.startsWith(STAFF_PHONE_PREFIX)) {
      throw new Error(`seedDemo: staff account ${a.username} must use a ${STAFF_PHONE_PREFIX}xxxx number`);
    }
  }

  // ---- categories ----
  const categoryRows = CATEGORIES.map((c, i) => ({ id: i + 1, code: c.code, name: c.name, group: c.group, description: c.description, sortOrder: (i + 1) * 10, active: true }));
  const timeLimitRows = CATEGORIES.flatMap((c, i) => s.URGENCIES.map((urgency) => ({ categoryId: i + 1, urgency, ...c.limits[urgency] })));
  const categoryIdByCode = new Map(categoryRows.map((c) => [c.code, c.id]));
  const templateRows = REPLY_TEMPLATES.map((t, i) => ({
    nodeId: county.id,
    nodePath: county.path,
    purpose: t.purpose,
    categoryId: t.category === null ? null : (categoryIdByCode.get(t.category) ?? null),
    text: t.text,
    sortOrder: (i + 1) * 10,
    createdAt: now,
    updatedAt: now,
  }));

  // ---- write, in foreign-key order ----
  // One reused statement per table (bulkInsert): a county's 330,000 residents through drizzle's
  // query builder would cost many times what SQLite does. The same connection, so inside the transaction.
  const today = now.toISOString().slice(0, 10);
  db.transaction(() => {
    bulkInsert(db, s.orgNodes, nodes);
    bulkInsert(db, s.units, unitRows);
    bulkInsert(db, s.categories, categoryRows);
    bulkInsert(db, s.timeLimits, timeLimitRows);
    bulkInsert(db, s.replyTemplates, templateRows);
    bulkInsert(db, s.households, households.map((h) => h.row));
    bulkInsert(db, s.householdCareTags, careTags);
    bulkInsert(db, s.persons, persons.map(({ birthYear, ...p }) => ({ ...p, birthDate: demoBirthDate(p.id, birthYear, today) })));
    bulkInsert(db, s.partyMembers, partyMembers);
    bulkInsert(db, s.centralHouseholds, centralRows);
    bulkInsert(db, s.centralHouseholdLinks, linkRows);
    bulkInsert(db, s.accounts, accountRows);
    bulkInsert(db, s.accountScopes, scopeRows);
  }, { behavior: 'immediate' });

  // ---- summary ----
  const chinaToday = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const elderlyCutoff = `${Number(chinaToday.slice(0, 4)) - 80}${chinaToday.slice(4)}`;
  const count = (inScope: readonly CommunityBuild[]): CommunityCounts => {
    const hs = inScope.flatMap((b) => b.containers.flatMap((c) => c.households));
    const hsIds = new Set(hs.map((h) => h.row.id));
    const members = partyMembers.filter((m) => hsIds.has((householdOfPerson.get(m.personId) as Household).row.id));
    return {
      households: hs.length,
      residents: hs.reduce((sum, h) => sum + h.members.length, 0),
      inServicePartyMembers: members.filter((m) => m.kind === 'in_service').length,
      floatingPartyMembers: members.filter((m) => m.kind === 'floating').length,
      centralHouseholds: centralRows.filter((c) => hsIds.has(c.householdId)).length,
      linkedHouseholds: linkRows.filter((l) => hsIds.has(l.householdId)).length,
      grids: inScope.reduce((sum, b) => sum + b.grids.length, 0),
      buildings: inScope.reduce((sum, b) => sum + b.containers.filter((c) => c.node.kind === 'building').length, 0),
      // As the app computes it (lib/registry/elderly.ts) on the seeding day in China: born on or before the day 80 years back.
      elderly80Households: hs.filter((h) => h.members.some((p) => demoBirthDate(p.id, p.birthYear, now.toISOString().slice(0, 10)) <= elderlyCutoff)).length,
    };
  };

  return {
    seed,
    longhu: count([longhuBuild]),
    total: { ...count(builds), orgNodes: nodes.length, units: unitRows.length, categories: categoryRows.length, accounts: accountRows.length },
    accounts: demoAccounts,
  };
}

// ---------------------------------------------------------------------------------------
// Layout: buildings, their shapes, and which rooms are lived in.

function planBuildings(rng: Random, community: CommunitySpec): BuildingPlan[] {
  const plans: BuildingPlan[] = [];
  community.grids.forEach((grid: GridSpec, gridIndex) => {
    if (grid.rural) return;
    const style = BUILDING_STYLES[grid.style];
    for (let n = 1; n <= grid.buildings; n++) {
      plans.push({
        gridIndex,
        number: n,
        units: rng.int(style.units[0], style.units[1]),
        floors: rng.int(style.floors[0], style.floors[1]),
        occupancy: 0.8 + rng.next() * 0.18,
      });
    }
  });
  const ruralTotal = community.grids.reduce((sum, g) => sum + (g.rural ? g.households : 0), 0);
  const target = community.households - ruralTotal;
  // Whatever the seed, there must be room for the exact total at the drawn occupancies.
  const expected = () => plans.reduce((sum, p) => sum + capacity(p) * p.occupancy, 0);
  while (expected() < target) {
    const growable = plans.filter((p) => p.floors < MAX_FLOORS);
    if (growable.length === 0) throw new Error(`seedDemo: ${community.name} has too few buildings for ${target} households`);
    rng.pick(growable).floors += 1;
  }
  return plans;
}

function capacity(plan: BuildingPlan): number {
  return plan.units * plan.floors * ROOMS_PER_FLOOR;
}

/**
 * Spreads `total` households over the buildings in proportion to capacity × occupancy, with
 * largest-remainder rounding so the sum is exact; planBuildings guarantees no building overflows.
 */
function allocateHouseholds(rng: Random, plans: readonly BuildingPlan[], total: number): number[] {
  const weights = plans.map((p) => capacity(p) * p.occupancy);
  const sum = weights.reduce((a, b) => a + b, 0);
  const desired = weights.map((w) => (w * total) / sum);
  const alloc = desired.map((d) => Math.floor(d));
  let missing = total - alloc.reduce((a, b) => a + b, 0);
  // Random tie-breaks rather than index order, so the first buildings are not always the fullest.
  const order = rng.shuffle(plans.map((_, i) => i)).sort((a, b) => (desired[b] ?? 0) - Math.floor(desired[b] ?? 0) - ((desired[a] ?? 0) - Math.floor(desired[a] ?? 0)));
  for (const i of order) {
    if (missing === 0) break;
    if ((alloc[i] ?? 0) < capacity(plans[i] as BuildingPlan)) {
      alloc[i] = (alloc[i] ?? 0) + 1;
      missing--;
    }
  }
  if (missing !== 0) throw new Error('seedDemo: could not place every household');
  return alloc;
}

function pickOccupiedRooms(rng: Random, plan: BuildingPlan, occupied: number): { unit: string; room: string }[] {
  const rooms: { unit: string; room: string }[] = [];
  for (let u = 1; u <= plan.units; u++) {
    for (let f = 1; f <= plan.floors; f++) {
      for (let r = 1; r <= ROOMS_PER_FLOOR; r++) rooms.push({ unit: `${u}单元`, room: `${f}${String(r).padStart(2, '0')}` });
    }
  }
  const keep = new Set(rng.sample(rooms.map((_, i) => i), occupied));
  return rooms.filter((_, i) => keep.has(i));
}

// ---------------------------------------------------------------------------------------
// Families.

interface Draft {
  name: string;
  gender: Gender;
  birthYear: number;
  relation: Relation;
}

/** Household sizes 1–6 with a mean of about 2.8, close to a Chinese county town's census figure. */
const SIZES: readonly (readonly [number, number])[] = [
  [1, 16],
  [2, 29],
  [3, 30],
  [4, 14],
  [5, 8],
  [6, 3],
];

/** Ages of people living on their own or as an old couple; most are 60s–70s, a tail past 85. */
const ELDERLY_AGE_BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[60, 74], 60],
  [[75, 84], 32],
  [[85, 94], 8],
];

function composeFamily(rng: Random, nowYear: number): Draft[] {
  const out: Draft[] = [];
  const add = (gender: Gender, age: number, relation: Relation, surname: string) => {
    const birthYear = nowYear - Math.min(98, Math.max(0, age));
    out.push({ name: personName(rng, gender, birthYear, surname), gender, birthYear, relation });
  };
  const randomGender = (): Gender => (rng.chance(0.51) ? 'M' : 'F');
  const elderlyAge = () => {
    const [lo, hi] = rng.weighted(ELDERLY_AGE_BANDS);
    return rng.int(lo, hi);
  };

  /** Head and spouse; returns the surname their children carry and the mother's age. */
  const couple = (headAge: number) => {
    const headGender: Gender = rng.chance(0.8) ? 'M' : 'F';
    const headSurname = pickSurname(rng);
    const spouseSurname = pickSurname(rng);
    // Husbands are usually a few years older than their wives.
    const gap = rng.int(-2, 5);
    const spouseAge = headGender === 'M' ? headAge - gap : headAge + gap;
    add(headGender, headAge, 'head', headSurname);
    add(headGender === 'M' ? 'F' : 'M', spouseAge, 'spouse', spouseSurname);
    return {
      headSurname,
      headGender,
      childSurname: headGender === 'M' ? headSurname : spouseSurname,
      motherAge: headGender === 'M' ? spouseAge : headAge,
    };
  };
  const children = (n: number, motherAge: number, surname: string, relation: Relation = 'child') => {
    let age = motherAge - rng.int(23, 34);
    for (let i = 0; i < n; i++) {
      add(randomGender(), age, relation, surname);
      age -= rng.int(1, 8);
    }
  };
  const headParents = (n: 1 | 2, headAge: number, headSurname: string) => {
    const fatherAge = headAge + rng.int(24, 34);
    const motherAge = fatherAge - rng.int(0, 4);
    // A lone parent moving in with a grown child is far more often a widowed mother.
    if (n === 2 || rng.chance(0.35)) add('M', fatherAge, 'parent', headSurname);
    if (n === 2 || out.filter((d) => d.relation === 'parent').length === 0) add('F', motherAge, 'parent', pickSurname(rng));
  };

  const size = rng.weighted(SIZES);
  switch (size) {
    case 1: {
      if (rng.chance(0.55)) add(rng.chance(0.65) ? 'F' : 'M', elderlyAge(), 'head', pickSurname(rng));
      else add(rng.chance(0.55) ? 'M' : 'F', rng.int(24, 59), 'head', pickSurname(rng));
      break;
    }
    case 2: {
      const r = rng.next();
      if (r < 0.45) couple(Math.max(58, elderlyAge()));
      else if (r < 0.8) couple(rng.int(24, 57));
      else {
        const parentAge = rng.int(38, 80);
        const parentGender: Gender = rng.chance(0.7) ? 'F' : 'M';
        const surname = pickSurname(rng);
        add(parentGender, parentAge, 'head', surname);
        // After a divorce or death the child keeps the father's surname; here the parent's is close enough.
        children(1, parentAge, surname);
      }
      break;
    }
    case 3: {
      if (rng.chance(0.75)) {
        const c = couple(rng.int(27, 55));
        children(1, c.motherAge, c.childSurname);
      } else {
        const c = couple(rng.int(55, 82));
        children(1, c.motherAge, c.childSurname);
      }
      break;
    }
    case 4: {
      if (rng.chance(0.55)) {
        const c = couple(rng.int(28, 50));
        children(2, c.motherAge, c.childSurname);
      } else {
        const headAge = rng.int(30, 55);
        const c = couple(headAge);
        children(1, c.motherAge, c.childSurname);
        headParents(1, headAge, c.headSurname);
      }
      break;
    }
    case 5: {
      const headAge = rng.int(30, 54);
      const c = couple(headAge);
      if (rng.chance(0.5)) {
        children(2, c.motherAge, c.childSurname);
        headParents(1, headAge, c.headSurname);
      } else {
        children(1, c.motherAge, c.childSurname);
        headParents(2, headAge, c.headSurname);
      }
      break;
    }
    default: {
      if (rng.chance(0.6)) {
        const headAge = rng.int(30, 52);
        const c = couple(headAge);
        children(2, c.motherAge, c.childSurname);
        headParents(2, headAge, c.headSurname);
      } else {
        // Three generations under a grandparent's name: son, daughter-in-law, grandchildren.
        const c = couple(rng.int(58, 80));
        const sonAge = c.motherAge - rng.int(23, 32);
        add('M', sonAge, 'child', c.childSurname);
        const daughterInLawAge = sonAge - rng.int(-1, 4);
        add('F', daughterInLawAge, 'other', pickSurname(rng));
        children(2, daughterInLawAge, c.childSurname, 'grandchild');
      }
    }
  }
  return out;
}

function hasPhone(rng: Random, age: number): boolean {
  if (age < 14) return false;
  if (age < 18) return rng.chance(0.4);
  if (age < 75) return rng.chance(0.95);
  return rng.chance(0.55);
}

// ---------------------------------------------------------------------------------------
// Care tags and central households.

function tagHouseholds(rng: Random, hs: readonly Household[], nowYear: number): (typeof s.householdCareTags.$inferInsert)[] {
  const tags: (typeof s.householdCareTags.$inferInsert)[] = [];
  const tag = (list: readonly Household[], t: s.CareTag) => {
    for (const h of list) tags.push({ householdId: h.row.id, tag: t });
  };
  const ages = (h: Household) => h.members.map((p) => nowYear - p.birthYear);
  const share = (p: number) => Math.round(hs.length * p);

  // No 80岁以上 tag: the register is computed from dates of birth (lib/registry/elderly.ts), never stored.
  const aloneElderly = hs.filter((h) => h.members.length === 1 && ages(h).some((a) => a >= 60));
  tag(rng.sample(aloneElderly, Math.round(aloneElderly.length * 0.35)), 'living_alone');
  tag(rng.sample(hs, share(0.015)), 'hardship');
  tag(rng.sample(hs, share(0.03)), 'disabled');

  const withChild = hs.filter((h) => ages(h).some((a) => a < 16));
  // Left-behind children live with grandparents while the parents work away.
  const withGrandparent = withChild.filter((h) => ages(h).some((a) => a >= 55));
  const leftBehind = rng.sample(withGrandparent.length >= share(0.01) ? withGrandparent : withChild, share(0.01));
  tag(leftBehind, 'left_behind_child');
  const leftIds = new Set(leftBehind.map((h) => h.row.id));
  tag(
    rng.sample(
      withChild.filter((h) => !leftIds.has(h.row.id)),
      share(0.015),
    ),
    'migrant_child',
  );
  return tags;
}

interface PlannedCentral {
  container: Container;
  household: Household;
  person: PersonRow;
  links: Household[];
}

/**
 * Cuts each building's households (in unit/floor/room order, i.e. neighbours) into runs of
 * 9–13 and makes one household in the middle of each run a central household looking after
 * the rest. A run with no working-age adult to be its party member is simply left unserved.
 */
function planCentralHouseholds(rng: Random, containers: readonly Container[], eligible: (p: PersonRow) => boolean): PlannedCentral[] {
  const planned: PlannedCentral[] = [];
  for (const container of containers) {
    const hs = container.households;
    let runs = Math.round(hs.length / HOUSEHOLDS_PER_CENTRAL);
    while (runs > 0 && Math.floor(hs.length / runs) < LINKS_MIN + 1) runs--;
    if (runs === 0) continue;
    const base = Math.floor(hs.length / runs);
    const longer = hs.length % runs;
    let start = 0;
    for (let r = 0; r < runs; r++) {
      const run = hs.slice(start, start + base + (r < longer ? 1 : 0));
      start += run.length;
      const middle = (run.length - 1) / 2;
      const byCloseness = run.map((h, i) => ({ h, i })).sort((a, b) => Math.abs(a.i - middle) - Math.abs(b.i - middle) || a.i - b.i);
      const centre = byCloseness.find(({ h }) => h.members.some(eligible));
      if (!centre) continue;
      const adults = centre.h.members.filter(eligible);
      // The head or spouse is the one neighbours know; otherwise a grown child.
      const person = adults.find((p) => p.relation === 'head' || p.relation === 'spouse') && rng.chance(0.85)
        ? (adults.find((p) => p.relation === 'head' || p.relation === 'spouse') as PersonRow)
        : rng.pick(adults);
      const links = byCloseness
        .filter(({ h }) => h !== centre.h)
        .sort((a, b) => Math.abs(a.i - centre.i) - Math.abs(b.i - centre.i) || a.i - b.i)
        .slice(0, LINKS_MAX)
        .map(({ h }) => h);
      if (links.length < LINKS_MIN) continue;
      planned.push({ container, household: centre.h, person, links });
    }
  }
  return planned;
}
