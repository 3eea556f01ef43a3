// A year of demo requests for the seeded community: who asked what, where and how, and each case's timeline, in one transaction.
import { seedDemoBoard } from './board';
import { eq, sql } from 'drizzle-orm';
import type { DB } from '../client';
import * as s from '../schema';
import { hashToken } from '@/lib/cases/commands';
import { isOverdue, type NotifyTarget } from '@/lib/cases/lifecycle';
import { bulkInsert, connectionOf, deferIndexes } from './bulk-insert';
import { rebuildStatsAggregates } from '../stats-aggregates';
import { chinaDayKey, chinaParts, DAY, HOUR } from './case-clock';
import { ClaimLedger, playCase, type Plot } from './case-plot';
import { Story, type CaseRow, type EventRow, type Notice } from './case-story';
import { CATEGORY_TEXTS, SIDES, type Issue, type Spot } from './case-texts';
import { streamArrivals, type Arrival } from './case-volume';
import { loadWorld, type GridWorld, type Home, type Member, type World } from './case-world';
import { LONGHU, type TreeSpec } from './catalog';
import { DEFAULT_DEMO_NOW, DEFAULT_DEMO_SEED } from './generate';
import { Random } from './random';

export const DEFAULT_DEMO_CASE_COUNT = 20_000;

/** 龙盛华庭 got its 52 charging piles in late spring; the other compounds copied it in late summer. */
const PILES_HOTSPOT = '龙盛华庭';
const PILES_HOTSPOT_DAYS_AGO = 165;
const PILES_ELSEWHERE_DAYS_AGO = 73;
/** Notifications are kept for the last two weeks only: older ones would long have been read and pruned. */
const NOTIFICATION_DAYS = 14;

export interface DemoCasesSummary {
  cases: number;
  events: number;
  notifications: number;
  accountsAdded: string[];
  byStatus: Partial<Record<s.CaseStatus, number>>;
  openOverdue: number;
}

export interface SeedCasesOptions {
  seed?: number;
  now?: Date;
  /** About how many requests; 20,000 for the demo. */
  count?: number;
  /** Over how many days before `now`; 365 for the demo. */
  days?: number;
  /** The tree the database was seeded from (seedDemo's `tree`); the demo's by default. */
  tree?: TreeSpec;
  /**
   * For building a big fresh database (the county): the indexes and the search index of the
   * case tables are built once at the end instead of row by row, and each month is committed
   * on its own instead of all in one transaction. The rows written are the same.
   */
  bulk?: boolean;
  /** Called after each month is written. */
  onBatch?: (progress: { cases: number; events: number; until: number }) => void;
}

export function seedDemoCases(db: DB, opts: SeedCasesOptions = {}): DemoCasesSummary {
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const now = opts.now ?? DEFAULT_DEMO_NOW;
  const count = opts.count ?? DEFAULT_DEMO_CASE_COUNT;
  const existing = db.select({ n: sql<number>`count(*)` }).from(s.cases).get()?.n ?? 0;
  if (existing > 0) throw new Error('seedDemoCases: the database already has cases; seed only a fresh demo database');

  // Own streams, apart from seedDemo's, so the community stays the same whatever happens here.
  const root = new Random(seed);
  const world = loadWorld(db, root.fork(11), now, opts.tree);
  if (world.grids.length === 0) throw new Error('seedDemoCases: no grid with households, a grid worker and a secretary; run seedDemo first');
  const piles = pilesDates(world, now.getTime());
  const volume = world.grids.map((g) => ({ households: g.homes.length, style: g.style, pilesFrom: piles.get(g.id) ?? null, chargingHotspot: g.name === PILES_HOTSPOT }));
  const arrivals = streamArrivals(root.fork(12), volume, now.getTime(), count, opts.days);

  const rng = root.fork(13);
  const claims = new ClaimLedger();
  const recent = new Map<number, Recent[]>();
  const daySeq = new Map<string, number>();
  const since = now.getTime() - NOTIFICATION_DAYS * DAY;
  const notices: { n: Notice; st: Story }[] = [];
  const byStatus: DemoCasesSummary['byStatus'] = {};
  let cases = 0;
  let events = 0;
  let openOverdue = 0;
  let lastHotline: Date | null = null;
  /** Steps not yet written: they wait until every step before them is known, so ids follow time. */
  let waiting: { t: number; e: EventRow }[] = [];

  const transaction = (fn: () => void) => db.transaction(() => fn(), { behavior: 'immediate' });
  const write = opts.bulk ? transaction : (fn: () => void) => fn();
  const run = () => {
    write(() => {
      bulkInsert(db, s.accounts, world.added.accounts);
      bulkInsert(db, s.accountScopes, world.added.scopes);
      // Its last use is known once the requests are; set at the end.
      db.insert(s.apiTokens).values(world.added.apiToken).run();
    });
    const restore = opts.bulk ? deferIndexes(db, ['cases', 'case_events']) : null;
    for (const batch of arrivals) {
      const stories: Story[] = [];
      for (const arrival of batch.arrivals) {
        const grid = world.grids[arrival.gridIndex] as GridWorld;
        const id = ++cases;
        const day = chinaDayKey(arrival.at);
        const seq = (daySeq.get(day) ?? 0) + 1;
        daySeq.set(day, seq);
        const ctx = { now: now.getTime(), pilesFrom: piles.get(grid.id) ?? null, recent: recent.get(grid.id) ?? [] };
        const plot = composeCase(rng, world, grid, arrival, id, `YH${day}-${String(seq).padStart(4, '0')}`, ctx);
        playCase(plot, world, rng, claims);
        const st = plot.story;
        stories.push(st);
        remember(recent, grid.id, { plot, at: arrival.at });
        for (const e of st.events) waiting.push({ t: e.at.getTime(), e });
        for (const n of st.notices) if (n.at.getTime() >= since) notices.push({ n, st });
        byStatus[st.status] = (byStatus[st.status] ?? 0) + 1;
        if (isOverdue({ status: st.status, acceptDueAt: st.row.acceptDueAt, resolveDueAt: st.row.resolveDueAt ?? null }, now)) openOverdue++;
        if (st.row.apiTokenId !== null) lastHotline = st.row.createdAt;
      }
      // Every later request is created at or after batch.until, so every step before it is known:
      // those get their ids now, in time order (stable: a case's own steps keep their order).
      const due = waiting.filter((w) => w.t < batch.until);
      waiting = waiting.filter((w) => w.t >= batch.until);
      due.sort((a, b) => a.t - b.t || a.e.caseId - b.e.caseId);
      const eventRows = due.map(({ e }) => Object.assign(e, { id: ++events }));
      write(() => {
        bulkInsert(db, s.cases, stories.map((st) => st.row));
        bulkInsert(db, s.caseEvents, eventRows);
      });
      opts.onBatch?.({ cases, events, until: batch.until });
    }
    world.added.apiToken.lastUsedAt = lastHotline;
    const notificationRows = notificationsFor(world, notices, now.getTime(), rng);
    write(() => {
      db.update(s.apiTokens).set({ lastUsedAt: lastHotline }).where(eq(s.apiTokens.id, world.hotline.id)).run();
      bulkInsert(db, s.notifications, notificationRows);
    });
    // The public board: published wishes and 附议 (db/demo/board.ts), from the cases just written.
    write(() => seedDemoBoard(db, seed, now));
    restore?.();
    // The statistics triggers were dropped with the rest during the bulk load: total the aggregates once now.
    if (restore) rebuildStatsAggregates(connectionOf(db));
    return notificationRows.length;
  };
  const notifications = opts.bulk ? run() : db.transaction(() => run(), { behavior: 'immediate' });

  return {
    cases,
    events,
    notifications,
    accountsAdded: world.added.accounts.map((a) => a.username),
    byStatus,
    openOverdue,
  };
}

/** When each grid got its charging piles, if it has: 龙湖社区's compounds only, the hotspot first. */
function pilesDates(world: World, now: number): Map<number, number | null> {
  return new Map(
    world.grids.map((g) => {
      if (g.community.name !== LONGHU.name) return [g.id, null];
      return [g.id, now - (g.name === PILES_HOTSPOT ? PILES_HOTSPOT_DAYS_AGO : PILES_ELSEWHERE_DAYS_AGO) * DAY];
    }),
  );
}

interface Recent {
  plot: Plot;
  at: number;
}

function remember(recent: Map<number, Recent[]>, gridId: number, r: Recent) {
  const list = recent.get(gridId) ?? [];
  list.push(r);
  if (list.length > 60) list.shift();
  recent.set(gridId, list);
}

// ---- composing one request -------------------------------------------------------------------

const DUPLICATE_SHARE = 0.03;
const REJECT_SHARE = 0.02;

interface ComposeContext {
  now: number;
  pilesFrom: number | null;
  recent: readonly Recent[];
}

function composeCase(rng: Random, world: World, grid: GridWorld, a: Arrival, id: number, number: string, ctx: ComposeContext): Plot {
  // Another resident reporting a public problem someone already reported: a duplicate.
  const original = a.channel !== 'secretary' && rng.chance(DUPLICATE_SHARE) ? findOriginal(ctx.recent, a.at) : undefined;
  const category = original?.plot.category ?? a.category;
  const issue = original?.plot.issue ?? pickIssue(rng, grid, category, a.at, ctx.pilesFrom);
  const pool = issue.who === 'elderly' ? grid.elderlyHomes : issue.who === 'child' ? grid.childHomes : grid.homes;
  const home = original ? sameBuilding(rng, grid, original.plot.story.row.nodeId ?? 0) : rng.pick(pool.length > 0 ? pool : grid.homes);
  const spot = original?.plot.spot ?? spotOf(rng, grid, home, chinaParts(ctx.now).year);
  const categoryId = world.categories.get(category);
  if (categoryId === undefined) throw new Error(`seedDemoCases: category ${category} is missing`);
  const urgent = rng.chance(issue.urgent ?? 0.02);

  // Who logged it, and whether the resident left a name and number.
  // A patrol sees public problems; what is inside a home the grid worker learns on a visit.
  const source = a.source === 'patrol' && issue.place === undefined ? 'door_knock' : a.source;
  const staff = a.channel === 'staff' || a.channel === 'secretary' || a.channel === 'integration';
  const byMember = a.channel === 'staff' && source === 'door_knock' && grid.partyMembers.length > 0 && rng.chance(0.3);
  const submitter =
    a.channel === 'secretary' ? grid.community.secretary : a.channel === 'integration' ? world.hotline : a.channel === 'resident' ? ({ kind: 'resident' } as const) : byMember ? rng.pick(grid.partyMembers) : grid.worker;
  // A patrol notes a public problem without a resident; a wish slip or a meeting may name nobody.
  const anonymous = source === 'patrol' || (a.source === 'wish_box' && rng.chance(0.3)) || (a.source === 'council' && rng.chance(0.5));
  const reporter = anonymous ? null : pickReporter(rng, home, issue.who === 'elderly');

  const created = new Date(a.at);
  const submitCategory = staff ? (rng.chance(0.95) ? categoryId : null) : rng.chance(0.6) ? categoryId : null;
  const submitUrgency = staff && urgent ? 'urgent' : 'normal';
  const token = Buffer.from(Array.from({ length: 18 }, () => rng.int(0, 255))).toString('base64url');
  const row: CaseRow = {
    id,
    number,
    publicTokenHash: hashToken(token),
    description: renderText(issue, spot, rng),
    categoryId: submitCategory,
    urgency: submitUrgency,
    source,
    nodeId: home.nodeId,
    nodePath: home.nodePath,
    gridId: grid.id,
    householdId: reporter ? home.id : null,
    place: issue.place === undefined ? null : typeof issue.place === 'string' ? issue.place : issue.place(spot, rng),
    residentName: reporter?.name ?? null,
    residentPhone: reporter?.phone ?? null,
    status: 'submitted',
    handlerKind: null,
    handlerAccountId: null,
    handlerUnitId: null,
    escalationLevel: 0,
    acceptDueAt: new Date(a.at + world.limits(submitCategory, submitUrgency).acceptHours * HOUR),
    resolveDueAt: null,
    rateDueAt: null,
    supervised: false,
    supervisionNote: null,
    supervisedByAccountId: null,
    extensionRequestedHours: null,
    extensionReason: null,
    duplicateOfId: null,
    rating: null,
    ratingComment: null,
    reopenCount: 0,
    closeReason: null,
    createdAt: created,
    acceptedAt: null,
    resolvedAt: null,
    ratedAt: null,
    closedAt: null,
    updatedAt: created,
    createdByAccountId: submitter.kind === 'account' ? submitter.id : null,
    apiTokenId: submitter.kind === 'integration' ? submitter.id : null,
    intakePointId: a.channel === 'resident' ? (a.source === 'wish_box' ? grid.intake.wishBox : (grid.intake.byNode.get(home.nodeId) ?? grid.intake.grid)) : null,
    version: 0,
  };
  const story = new Story(row, ctx.now, world.limits, submitter);
  return {
    story,
    grid,
    category,
    categoryId,
    issue,
    spot,
    urgent,
    channel: a.channel,
    selfLogged: submitter.kind === 'account' && submitter.id === grid.worker.id,
    reachable: a.channel === 'resident' || Boolean(reporter?.phone),
    outcome: original ? 'duplicate' : rng.chance(category === 'other' ? 4 * REJECT_SHARE : REJECT_SHARE) ? 'reject' : 'work',
    original: original ? { story: original.plot.story } : undefined,
  };
}

/** A recent public-place problem in the grid, still open, that a second report would repeat. */
function findOriginal(list: readonly Recent[], at: number): Recent | undefined {
  for (let i = list.length - 1; i >= 0; i--) {
    const r = list[i] as Recent;
    if (at - r.at > 4 * DAY) break;
    if (r.plot.outcome !== 'work' || r.plot.issue.place === undefined || r.plot.channel === 'secretary') continue;
    const status = r.plot.story.statusAt(at);
    if (status === 'submitted' || status === 'accepted' || status === 'assigned' || status === 'in_progress') return r;
  }
  return undefined;
}

function sameBuilding(rng: Random, grid: GridWorld, nodeId: number): Home {
  const homes = grid.homes.filter((h) => h.nodeId === nodeId);
  return rng.pick(homes.length > 0 ? homes : grid.homes);
}

function pickIssue(rng: Random, grid: GridWorld, category: string, at: number, pilesFrom: number | null): Issue {
  const texts = CATEGORY_TEXTS[category];
  if (!texts) throw new Error(`seedDemoCases: no texts for category ${category}`);
  const month = chinaParts(at).month;
  const rural = grid.style === 'rural';
  const hasLift = grid.style === 'highrise' || grid.style === 'midrise';
  const fits = (i: Issue) =>
    (i.where === undefined || (i.where === 'rural' ? rural : i.where === 'lift' ? hasLift : !rural)) &&
    (i.months === undefined || i.months.includes(month)) &&
    (i.era === undefined || (i.era === 'after_piles') === (pilesFrom !== null && at >= pilesFrom));
  const candidates = texts.issues.filter(fits);
  const pool = candidates.length > 0 ? candidates : texts.issues.filter((i) => i.where === undefined && i.era === undefined);
  return rng.weighted(pool.map((i) => [i, i.weight ?? 1] as const));
}

function spotOf(rng: Random, grid: GridWorld, home: Home, year: number): Spot {
  const rural = home.building === null;
  const houseNumber = rural ? Number.parseInt(home.room ?? '1', 10) : 0;
  const lanes = ['东一巷', '东二巷', '东三巷', '河边三巷', '后街'];
  const elder = [...home.members].sort((x, y) => x.birthYear - y.birthYear)[0];
  const surname = elder?.name.slice(0, 1) ?? '王';
  const old = elder !== undefined && year - elder.birthYear >= 55;
  return {
    grid: grid.name,
    building: home.building,
    unit: home.unit,
    room: home.room,
    floor: rural ? 1 : Math.max(1, Math.floor(Number.parseInt(home.room ?? '101', 10) / 100)),
    lane: rural ? (lanes[Math.min(lanes.length - 1, Math.floor(houseNumber / 35))] as string) : null,
    elder: `${surname}${old ? (elder?.gender === 'F' ? '奶奶' : '爷爷') : elder?.gender === 'F' ? '阿姨' : '师傅'}`,
    side: rng.pick(SIDES),
  };
}

function renderText(issue: Issue, spot: Spot, rng: Random): string {
  return typeof issue.text === 'string' ? issue.text : issue.text(spot, rng);
}

/** The adult who spoke up: usually the head or spouse; for an elder's request often a grown child. */
function pickReporter(rng: Random, home: Home, forElder: boolean): Member | null {
  const adults = home.members.filter((m) => m.relation !== 'grandchild' && m.phone !== null);
  if (adults.length === 0) return home.members[0] ?? null;
  const preferred = adults.filter((m) => (forElder ? m.relation === 'child' || m.relation === 'head' : m.relation === 'head' || m.relation === 'spouse'));
  return rng.pick(preferred.length > 0 && rng.chance(0.8) ? preferred : adults);
}

// ---- notifications --------------------------------------------------------------------------

/**
 * What the recent steps would have notified, resolved to accounts as the command layer does.
 * `recent`: the steps of the last NOTIFICATION_DAYS, case by case in id order, each case's in step order.
 */
function notificationsFor(world: World, recent: readonly { n: Notice; st: Story }[], now: number, rng: Random): (typeof s.notifications.$inferInsert)[] {
  const liaisonOf = new Map([...world.units.values()].map((u) => [u.id, u.liaison.id]));
  const gridById = new Map(world.grids.map((g) => [g.id, g]));
  const rows: (typeof s.notifications.$inferInsert & { id: number })[] = [];
  const all = recent.slice();
  all.sort((x, y) => x.n.at.getTime() - y.n.at.getTime() || x.st.row.id - y.st.row.id);
  for (const { n, st } of all) {
    const grid = gridById.get(st.row.gridId);
    if (!grid) continue;
    const recipients = resolve(n.target, n, grid, world, liaisonOf).filter((id) => id !== n.actorAccountId);
    for (const accountId of new Set(recipients)) {
      const age = now - n.at.getTime();
      const read = age > 2 * DAY ? rng.chance(0.85) : rng.chance(0.3);
      const readAt = read ? Math.min(now - HOUR, n.at.getTime() + rng.int(10, 30 * 60) * 60_000) : null;
      rows.push({
        id: rows.length + 1,
        accountId,
        caseId: st.row.id,
        kind: n.kind,
        note: n.note,
        createdAt: n.at,
        readAt: readAt !== null && readAt > n.at.getTime() ? new Date(readAt) : null,
      });
    }
  }
  return rows;
}

function resolve(target: NotifyTarget, n: Notice, grid: GridWorld, world: World, liaisonOf: Map<number, number>): number[] {
  const secretaries = [grid.community.secretary.id, ...(grid.community.township ? [grid.community.township.id] : [])];
  switch (target.to) {
    case 'account':
      return [target.accountId];
    case 'unit':
      return [liaisonOf.get(target.unitId)].filter((id): id is number => id !== undefined);
    case 'grid_workers':
      return [grid.worker.id];
    case 'secretaries':
      return secretaries;
    case 'handler':
      if (n.handler.handlerKind === 'unit' && n.handler.handlerUnitId !== null) return [liaisonOf.get(n.handler.handlerUnitId)].filter((id): id is number => id !== undefined);
      return n.handler.handlerAccountId !== null ? [n.handler.handlerAccountId] : [grid.worker.id];
  }
}

