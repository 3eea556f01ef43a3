// The seeded community as the demo requests need it: homes, who acts for each grid and unit, and the accounts to add.
import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { DB } from '../client';
import * as s from '../schema';
import { loadLimits } from '@/lib/cases/commands';
import type { Actor, DecisionContext } from '@/lib/cases/lifecycle';
import { CO_BUILDING_UNITS, DEMO_TREE, DEPARTMENTS, type BuildingStyle, type TreeSpec } from './catalog';
import type { Random } from './random';

export type AccountActor = Extract<Actor, { kind: 'account' }>;
export type IntegrationActor = Extract<Actor, { kind: 'integration' }>;

export interface Member {
  name: string;
  phone: string | null;
  gender: 'M' | 'F';
  birthYear: number;
  relation: string;
}

export interface Home {
  id: number;
  nodeId: number;
  nodePath: string;
  building: string | null;
  unit: string | null;
  room: string | null;
  members: Member[];
  elderly: boolean;
  child: boolean;
}

export interface CommunityWorld {
  id: number;
  name: string;
  path: string;
  secretary: AccountActor;
  /** The secretary of the community's township, who supervises what stays stuck; null when the township has none. */
  township: AccountActor | null;
}

export interface GridWorld {
  id: number;
  path: string;
  name: string;
  community: CommunityWorld;
  style: BuildingStyle | 'rural';
  homes: Home[];
  elderlyHomes: Home[];
  childHomes: Home[];
  worker: AccountActor;
  partyMembers: AccountActor[];
  intake: { grid: number | null; wishBox: number | null; byNode: Map<number, number> };
}

export interface UnitWorld {
  id: number;
  name: string;
  kind: 'co_building' | 'department';
  nodePath: string;
  liaison: AccountActor;
}

export interface World {
  grids: GridWorld[];
  units: Map<string, UnitWorld>;
  categories: Map<string, number>;
  limits: DecisionContext['limits'];
  hotline: IntegrationActor;
  /** Rows this run adds besides cases: party-member and liaison accounts, the 12345 platform's token. */
  added: {
    accounts: (typeof s.accounts.$inferInsert)[];
    scopes: (typeof s.accountScopes.$inferInsert)[];
    apiToken: typeof s.apiTokens.$inferInsert & { lastUsedAt: Date | null };
  };
}

/**
 * Enough party-member accounts per grid that claims spread the way "党员每月一件事" means them to;
 * only dy01–dy05 exist in the base demo.
 */
const PARTY_ACCOUNTS_PER_HOUSEHOLDS = 40;
const PARTY_ACCOUNTS_MAX = 10;
const PARTY_ACCOUNTS_MIN = 2;

/** `tree` is the spec the database was seeded from (seedDemo's), for what the rows do not say: each grid's kind of compound. */
export function loadWorld(db: DB, rng: Random, now: Date, tree: TreeSpec = DEMO_TREE): World {
  const nodes = db.select({ id: s.orgNodes.id, kind: s.orgNodes.kind, name: s.orgNodes.name, path: s.orgNodes.path, rural: s.orgNodes.rural }).from(s.orgNodes).all();
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const householdRows = db.select().from(s.households).all();
  const personRows = db.select().from(s.persons).all();
  const tagRows = db.select().from(s.householdCareTags).all();
  const memberRows = db
    .select({ id: s.partyMembers.id, nodePath: s.partyMembers.nodePath, kind: s.partyMembers.kind, name: s.persons.name, phone: s.persons.phone })
    .from(s.partyMembers)
    .innerJoin(s.persons, eq(s.persons.id, s.partyMembers.personId))
    .all();
  const accountRows = db.select().from(s.accounts).all();
  const scopeRows = db.select({ accountId: s.accountScopes.accountId, nodeId: s.accountScopes.nodeId }).from(s.accountScopes).all();
  const unitRows = db.select().from(s.units).all();
  const categoryRows = db.select({ id: s.categories.id, code: s.categories.code }).from(s.categories).where(eq(s.categories.active, true)).all();
  const intakeRows = db.select().from(s.intakePoints).where(eq(s.intakePoints.active, true)).all();
  const lastTokenId = db.select({ n: sql<number>`coalesce(max(${s.apiTokens.id}), 0)` }).from(s.apiTokens).get()?.n ?? 0;

  // ---- accounts as lifecycle actors ----
  const scopePaths = new Map<number, string[]>();
  for (const r of scopeRows) {
    const path = nodeById.get(r.nodeId)?.path;
    if (path) scopePaths.set(r.accountId, [...(scopePaths.get(r.accountId) ?? []), path]);
  }
  const actorOf = (a: typeof s.accounts.$inferSelect, paths = scopePaths.get(a.id) ?? []): AccountActor => ({
    kind: 'account',
    id: a.id,
    role: a.role,
    name: a.displayName,
    scope: { paths },
    unitId: a.unitId,
  });
  const active = accountRows.filter((a) => a.active);
  const covering = (role: s.Role, path: string) => active.filter((a) => a.role === role && (scopePaths.get(a.id) ?? []).some((p) => path.startsWith(p)));
  const exactly = (role: s.Role, path: string) => active.find((a) => a.role === role && (scopePaths.get(a.id) ?? []).includes(path));

  const added: Omit<World['added'], 'apiToken'> = { accounts: [], scopes: [] };
  let nextAccountId = Math.max(0, ...accountRows.map((a) => a.id)) + 1;
  const usedPhones = new Set(accountRows.map((a) => a.phone).filter((p): p is string => Boolean(p)));
  const passwordHash = (accountRows.find((a) => a.role === 'party_member') ?? accountRows[0])?.passwordHash;
  if (!passwordHash) throw new Error('seedDemoCases: seed the demo community (seedDemo) first');
  const createdAt = new Date(now.getTime() - 366 * 86_400_000);
  const addAccount = (a: { username: string; role: s.Role; displayName: string; phone: string | null; unitId?: number; partyMemberId?: number }, node: { id: number; path: string }) => {
    const row: typeof s.accounts.$inferSelect = {
      id: nextAccountId++,
      username: a.username,
      phone: a.phone && !usedPhones.has(a.phone) ? a.phone : null,
      displayName: a.displayName,
      passwordHash,
      role: a.role,
      unitId: a.unitId ?? null,
      partyMemberId: a.partyMemberId ?? null,
      active: true,
      mustChangePassword: false,
      createdAt,
    };
    if (row.phone) usedPhones.add(row.phone);
    added.accounts.push(row);
    added.scopes.push({ accountId: row.id, nodeId: node.id });
    return actorOf(row, [node.path]);
  };
  const nextNumber = (prefix: string) => {
    const taken = accountRows.map((a) => a.username).filter((u) => new RegExp(`^${prefix}\\d+$`).test(u));
    let n = Math.max(0, ...taken.map((u) => Number(u.slice(prefix.length))));
    return () => `${prefix}${String(++n).padStart(2, '0')}`;
  };

  // ---- homes ----
  const nowYear = now.getUTCFullYear();
  const membersOf = new Map<number, Member[]>();
  for (const p of personRows) {
    if (p.householdId === null) continue;
    const list = membersOf.get(p.householdId) ?? [];
    list.push({ name: p.name, phone: p.phone, gender: p.gender, birthYear: Number((p.birthDate ?? '1970').slice(0, 4)), relation: p.relation });
    membersOf.set(p.householdId, list);
  }
  const tagsOf = new Map<number, Set<string>>();
  for (const t of tagRows) tagsOf.set(t.householdId, (tagsOf.get(t.householdId) ?? new Set()).add(t.tag));
  const homesByGrid = new Map<number, Home[]>();
  const gridOfPath = (path: string) => {
    for (const id of path.split('/').filter(Boolean).map(Number)) if (nodeById.get(id)?.kind === 'grid') return id;
    return null;
  };
  for (const h of householdRows) {
    const gridId = gridOfPath(h.nodePath);
    if (gridId === null) continue;
    const node = nodeById.get(h.nodeId);
    const members = membersOf.get(h.id) ?? [];
    const tags = tagsOf.get(h.id) ?? new Set<string>();
    const home: Home = {
      id: h.id,
      nodeId: h.nodeId,
      nodePath: h.nodePath,
      building: node?.kind === 'building' ? node.name : null,
      unit: h.unit,
      room: h.room,
      members,
      elderly: tags.has('living_alone') || members.some((m) => nowYear - m.birthYear >= 68),
      child: tags.has('left_behind_child') || tags.has('migrant_child') || members.some((m) => nowYear - m.birthYear <= 12),
    };
    const list = homesByGrid.get(gridId);
    if (list) list.push(home);
    else homesByGrid.set(gridId, [home]);
  }

  // ---- communities and grids ----
  const styleOf = new Map<string, BuildingStyle | 'rural'>();
  for (const t of tree.townships) for (const c of t.communities) for (const g of c.grids) styleOf.set(`${c.name}/${g.name}`, g.rural ? 'rural' : g.style);
  const communities = new Map<number, CommunityWorld>();
  const nextDy = nextNumber('dy');
  const memberHasAccount = new Set(accountRows.map((a) => a.partyMemberId).filter((id): id is number => id !== null));
  const grids: GridWorld[] = [];
  for (const node of nodes.filter((n) => n.kind === 'grid').sort((a, b) => a.id - b.id)) {
    const homes = homesByGrid.get(node.id) ?? [];
    const worker = covering('grid_worker', node.path)[0];
    const communityId = node.path.split('/').filter(Boolean).map(Number).find((id) => nodeById.get(id)?.kind === 'community');
    const communityNode = communityId === undefined ? undefined : nodeById.get(communityId);
    const secretary = communityNode && exactly('secretary', communityNode.path);
    // A grid nobody works in (no grid worker or no secretary) gets no demo requests.
    if (homes.length === 0 || !worker || !communityNode || !secretary) continue;
    const townshipNode = communityNode.path.split('/').filter(Boolean).map(Number).map((id) => nodeById.get(id)).find((n) => n?.kind === 'township');
    const townshipSecretary = townshipNode && exactly('secretary', townshipNode.path);
    const community = communities.get(communityNode.id) ?? {
      id: communityNode.id,
      name: communityNode.name,
      path: communityNode.path,
      secretary: actorOf(secretary),
      township: townshipSecretary ? actorOf(townshipSecretary) : null,
    };
    communities.set(community.id, community);

    const partyMembers = covering('party_member', node.path).map((a) => actorOf(a));
    const wanted = Math.min(PARTY_ACCOUNTS_MAX, Math.max(PARTY_ACCOUNTS_MIN, Math.round(homes.length / PARTY_ACCOUNTS_PER_HOUSEHOLDS)));
    const candidates = memberRows
      .filter((m) => m.kind === 'in_service' && m.nodePath.startsWith(node.path) && !memberHasAccount.has(m.id) && m.phone && !usedPhones.has(m.phone))
      .sort((a, b) => a.id - b.id);
    for (const m of rng.sample(candidates, wanted - partyMembers.length).sort((a, b) => a.id - b.id)) {
      partyMembers.push(addAccount({ username: nextDy(), role: 'party_member', displayName: m.name, phone: m.phone, partyMemberId: m.id }, node));
    }

    const intake = { grid: null as number | null, wishBox: null as number | null, byNode: new Map<number, number>() };
    for (const p of intakeRows.filter((p) => p.nodePath.startsWith(node.path))) {
      if (p.kind === 'wish_box') intake.wishBox ??= p.id;
      else if (p.kind === 'grid') intake.grid ??= p.id;
      else if (!intake.byNode.has(p.nodeId)) intake.byNode.set(p.nodeId, p.id);
    }
    grids.push({
      id: node.id,
      path: node.path,
      name: node.name,
      community,
      style: styleOf.get(`${communityNode.name}/${node.name}`) ?? (node.rural ? 'rural' : 'midrise'),
      homes,
      elderlyHomes: homes.filter((h) => h.elderly),
      childHomes: homes.filter((h) => h.child),
      worker: actorOf(worker),
      partyMembers,
      intake,
    });
  }

  // ---- units and their liaisons ----
  const specs = new Map([...CO_BUILDING_UNITS, ...DEPARTMENTS].map((u) => [u.name, u]));
  const nextDw = nextNumber('dw');
  const nextBm = nextNumber('bm');
  const units = new Map<string, UnitWorld>();
  for (const u of unitRows.sort((a, b) => a.id - b.id)) {
    const existing = active.find((a) => a.role === 'unit_liaison' && a.unitId === u.id);
    const node = nodeById.get(u.nodeId);
    if (!node) continue;
    const spec = specs.get(u.name);
    // Every unit that receives demo requests needs someone to sign for them and answer.
    const liaison = existing
      ? actorOf(existing)
      : addAccount(
          {
            username: u.kind === 'department' ? nextBm() : nextDw(),
            role: 'unit_liaison',
            displayName: `${spec?.shortName ?? u.name} ${u.contactName ?? '联络员'}`,
            phone: u.contactPhone,
            unitId: u.id,
          },
          node,
        );
    units.set(u.name, { id: u.id, name: u.name, kind: u.kind, nodePath: u.nodePath, liaison });
  }

  // ---- the 12345 hotline platform, as an integration scoped to the township (the whole county when there are several) ----
  const townships = nodes.filter((n) => n.kind === 'township');
  const township = townships.length === 1 ? townships[0] : nodes.find((n) => n.kind === 'county');
  const admin = active.find((a) => a.role === 'admin');
  if (!township) throw new Error('seedDemoCases: no township in the demo tree');
  // Shaped like the tokens lib/api/tokens.ts issues; nobody knows it, the platform is simulated.
  const token = `yh_${Buffer.from(Array.from({ length: 32 }, () => rng.int(0, 255))).toString('base64url')}`;
  const apiToken: World['added']['apiToken'] = {
    id: lastTokenId + 1,
    name: '12345政务服务便民热线',
    tokenHash: crypto.createHash('sha256').update(token).digest('hex'),
    tokenPrefix: token.slice(0, 10),
    nodeId: township.id,
    nodePath: township.path,
    createdByAccountId: admin?.id ?? null,
    createdAt: new Date(now.getTime() - 370 * 86_400_000),
    lastUsedAt: null,
  };

  return {
    grids,
    units,
    categories: new Map(categoryRows.map((c) => [c.code, c.id])),
    limits: loadLimits(db),
    hotline: { kind: 'integration', id: lastTokenId + 1, name: apiToken.name, scope: { paths: [township.path] } },
    added: { ...added, apiToken },
  };
}
