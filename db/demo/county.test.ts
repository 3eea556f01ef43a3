// Checks a scaled-down county: the same for a seed, a tree of townships, communities and villages, and requests that stay inside their grids.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { asc } from 'drizzle-orm';
import type { DB } from '../client';
import { caseEvents, cases } from '../schema';
import { openTestDatabase } from '../testing';
import { connectionOf } from './bulk-insert';
import { FUQIAN, LONGHU } from './catalog';
import { countyTree, seedCounty, type CountyShape, type CountySummary } from './county';
import { DEFAULT_DEMO_NOW } from './generate';
import { replayer } from './replay';
import { eq } from 'drizzle-orm';
import { accounts } from '../schema';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import type { Viewer } from '@/lib/cases/visibility';
import { computeStats, computeStatsDirect } from '@/lib/stats';
import { resolvePeriod } from '@/lib/stats/period';

const SHAPE: CountyShape = { townships: 4, communities: 4, villages: 7, households: 7_500 };
const REQUESTS = 3_000;
const DAY = 86_400_000;
const now = DEFAULT_DEMO_NOW.getTime();
const opened: (() => void)[] = [];

function build(seed?: number): { db: DB; summary: CountySummary } {
  const { db, close } = openTestDatabase();
  opened.push(close);
  return { db, summary: seedCounty(db, { seed, shape: SHAPE, requests: REQUESTS, now: DEFAULT_DEMO_NOW }) };
}

let db: DB;
let summary: CountySummary;
const one = <T>(query: string, ...params: unknown[]): T => connectionOf(db).prepare(query).get(...params) as T;
const all = <T>(query: string, ...params: unknown[]): T[] => connectionOf(db).prepare(query).all(...params) as T[];
const count = (query: string, ...params: unknown[]): number => one<{ n: number }>(query, ...params).n;

before(() => {
  ({ db, summary } = build());
});

after(() => {
  for (const close of opened) close();
});

/** Everything but the password hashes (bcrypt salts differ on every run). */
function digest(d: DB): string {
  const sqlite = connectionOf(d);
  const hash = createHash('sha256');
  const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'cases_fts%' AND name <> '__drizzle_migrations' ORDER BY name`).all() as { name: string }[];
  for (const { name } of tables) {
    hash.update(name);
    // WITHOUT ROWID tables (the statistics aggregates) are ordered by their primary key.
    const key = sqlite.prepare(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`).pluck().all(name) as string[];
    const order = key.length > 0 ? key.map((c) => `"${c}"`).join(', ') : 'rowid';
    for (const row of sqlite.prepare(`SELECT * FROM "${name}" ORDER BY ${order}`).iterate()) hash.update(JSON.stringify({ ...(row as object), password_hash: null }));
  }
  return hash.digest('hex');
}

test('the same county for a seed: every table identical on a second build', () => {
  const again = build();
  assert.equal(digest(again.db), digest(db));
  assert.deepEqual(again.summary.cases, summary.cases);
});

test('a county, its townships, communities and villages; rural grids hold households directly and no buildings', () => {
  const level = (kind: string) => count(`SELECT count(*) AS n FROM org_nodes WHERE kind = ?`, kind);
  assert.equal(level('county'), 1);
  assert.equal(level('township'), SHAPE.townships);
  assert.equal(level('community'), SHAPE.communities + SHAPE.villages);
  const villages = count(
    `SELECT count(*) AS n FROM org_nodes c WHERE c.kind = 'community'
       AND NOT EXISTS (SELECT 1 FROM org_nodes g WHERE g.parent_id = c.id AND g.kind = 'grid' AND g.rural = 0)`,
  );
  assert.equal(villages, SHAPE.villages);
  // Every township has something in it, and every community or village at least one grid.
  assert.equal(count(`SELECT count(*) AS n FROM org_nodes t WHERE t.kind = 'township' AND NOT EXISTS (SELECT 1 FROM org_nodes c WHERE c.parent_id = t.id)`), 0);
  assert.equal(count(`SELECT count(*) AS n FROM org_nodes c WHERE c.kind = 'community' AND NOT EXISTS (SELECT 1 FROM org_nodes g WHERE g.parent_id = c.id AND g.kind = 'grid')`), 0);

  assert.equal(count(`SELECT count(*) AS n FROM org_nodes b JOIN org_nodes g ON g.id = b.parent_id WHERE g.rural = 1`), 0, 'no building under a rural grid');
  assert.equal(count(`SELECT count(*) AS n FROM org_nodes b JOIN org_nodes g ON g.id = b.parent_id WHERE b.kind = 'building' AND g.kind <> 'grid'`), 0);
  assert.equal(count(`SELECT count(*) AS n FROM households h JOIN org_nodes n ON n.id = h.node_id WHERE n.kind NOT IN ('building', 'grid') OR (n.kind = 'grid' AND n.rural = 0)`), 0);
  assert.equal(count(`SELECT count(*) AS n FROM households h JOIN org_nodes n ON n.id = h.node_id WHERE h.node_path <> n.path`), 0);
  assert.ok(count(`SELECT count(*) AS n FROM households h JOIN org_nodes n ON n.id = h.node_id WHERE n.kind = 'grid'`) > 1_000, 'village households');
});

test('households, residents and party members per level, in the proportions of 龙湖社区; the demo communities as they are in the demo', () => {
  assert.equal(count(`SELECT count(*) AS n FROM households`), SHAPE.households);
  assert.equal(summary.community.total.households, SHAPE.households);
  assert.equal(count(`SELECT count(*) AS n FROM households h WHERE size <> (SELECT count(*) FROM persons p WHERE p.household_id = h.id)`), 0);
  const residents = count(`SELECT count(*) AS n FROM persons`);
  assert.ok(residents / SHAPE.households > 2.6 && residents / SHAPE.households < 3.0, `residents: ${residents}`);

  const perCommunity = all<{ name: string; households: number; members: number; central: number }>(
    `SELECT c.name,
            (SELECT count(*) FROM households h WHERE h.node_path LIKE c.path || '%') AS households,
            (SELECT count(*) FROM party_members m WHERE m.kind = 'in_service' AND m.node_path LIKE c.path || '%') AS members,
            (SELECT count(*) FROM central_households ch JOIN households h ON h.id = ch.household_id WHERE h.node_path LIKE c.path || '%') AS central
       FROM org_nodes c WHERE c.kind = 'community'`,
  );
  const tree = countyTree(SHAPE);
  const specs = new Map(tree.townships.flatMap((t) => t.communities).map((c) => [c.name, c]));
  for (const c of perCommunity) {
    const spec = specs.get(c.name);
    assert.ok(spec, c.name);
    assert.equal(c.households, spec.households, c.name);
    assert.equal(c.members, spec.inServicePartyMembers, c.name);
    if (c.name !== FUQIAN.name) {
      assert.equal(c.members, Math.round((c.households * LONGHU.inServicePartyMembers) / LONGHU.households), `${c.name}: party members in 龙湖社区's proportion`);
    }
    // A central household per run of 9–13 neighbours: about one in ten households.
    assert.ok(c.central >= Math.floor(c.households / 14) && c.central <= Math.ceil(c.households / 9), `${c.name}: ${c.central} central households`);
  }
  assert.equal(perCommunity.find((c) => c.name === LONGHU.name)?.households, LONGHU.households);
  assert.equal(perCommunity.find((c) => c.name === FUQIAN.name)?.households, FUQIAN.households);
  assert.equal(count(`SELECT count(*) AS n FROM central_household_links l JOIN central_households c ON c.id = l.central_household_id JOIN households a ON a.id = l.household_id JOIN households b ON b.id = c.household_id WHERE a.node_id <> b.node_id`), 0);
});

test('accounts for every level, with predictable names, each scoped to its own node', () => {
  const scopeOf = (username: string) =>
    all<{ kind: string; name: string; role: string }>(
      `SELECT n.kind, n.name, a.role FROM accounts a JOIN account_scopes s ON s.account_id = a.id JOIN org_nodes n ON n.id = s.node_id WHERE a.username = ?`,
      username,
    );
  assert.deepEqual(scopeOf('xianshuji'), [{ kind: 'county', name: '新绛县', role: 'secretary' }]);
  assert.deepEqual(scopeOf('zhenshuji'), [{ kind: 'township', name: '龙兴镇', role: 'secretary' }]);
  assert.deepEqual(scopeOf('zs02').map((s) => [s.kind, s.role]), [['township', 'secretary']]);
  assert.deepEqual(scopeOf('shuji'), [{ kind: 'community', name: '龙湖社区', role: 'secretary' }]);
  assert.deepEqual(scopeOf('wg01'), [{ kind: 'grid', name: '龙盛华庭', role: 'grid_worker' }]);
  assert.deepEqual(scopeOf('sq003').map((s) => [s.kind, s.role]), [['community', 'secretary']]);
  assert.deepEqual(scopeOf('wg00301').map((s) => [s.kind, s.role]), [['grid', 'grid_worker']]);
  // sq003's first grid is wg00301's.
  assert.equal(
    one<{ name: string }>(
      `SELECT g.name FROM org_nodes g JOIN org_nodes c ON c.id = g.parent_id JOIN account_scopes s ON s.node_id = c.id JOIN accounts a ON a.id = s.account_id WHERE a.username = 'sq003' AND g.sort_order = 1`,
    ).name,
    scopeOf('wg00301')[0]?.name,
  );
  // Exactly one secretary per township and community, one grid worker per grid.
  for (const [kind, role] of [
    ['township', 'secretary'],
    ['community', 'secretary'],
    ['grid', 'grid_worker'],
  ] as const) {
    const wrong = count(
      `SELECT count(*) AS n FROM org_nodes n WHERE n.kind = ? AND (SELECT count(*) FROM account_scopes s JOIN accounts a ON a.id = s.account_id WHERE s.node_id = n.id AND a.role = ?) <> 1`,
      kind,
      role,
    );
    assert.equal(wrong, 0, `${kind}: one ${role} each`);
  }
  // Party members who claim wishes serve in the grid they are scoped to.
  assert.equal(
    count(
      `SELECT count(*) AS n FROM accounts a JOIN party_members m ON m.id = a.party_member_id JOIN account_scopes s ON s.account_id = a.id JOIN org_nodes g ON g.id = s.node_id
        WHERE a.role = 'party_member' AND m.node_path NOT LIKE g.path || '%'`,
    ),
    0,
  );
});

test('requests over three years, each inside its grid: node, household and handler', () => {
  const total = count(`SELECT count(*) AS n FROM cases`);
  assert.ok(total > REQUESTS * 0.95 && total < REQUESTS * 1.05, `cases: ${total}`);
  assert.equal(summary.cases.cases, total);
  const span = one<{ lo: number; hi: number }>(`SELECT min(created_at) AS lo, max(created_at) AS hi FROM cases`);
  assert.ok(span.lo > now - 3 * 365 * DAY - DAY && span.lo < now - 3 * 365 * DAY + 30 * DAY && span.hi <= now, JSON.stringify(span));
  // Spread over the county: every township and most villages have requests.
  assert.equal(count(`SELECT count(*) AS n FROM org_nodes t WHERE t.kind = 'township' AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.node_path LIKE t.path || '%')`), 0);

  assert.equal(count(`SELECT count(*) AS n FROM cases c JOIN org_nodes g ON g.id = c.grid_id WHERE g.kind <> 'grid' OR c.node_path NOT LIKE g.path || '%'`), 0, 'node inside the grid');
  assert.equal(count(`SELECT count(*) AS n FROM cases c JOIN org_nodes n ON n.id = c.node_id WHERE n.path <> c.node_path`), 0);
  assert.equal(count(`SELECT count(*) AS n FROM cases c JOIN households h ON h.id = c.household_id WHERE h.node_path NOT LIKE (SELECT path FROM org_nodes g WHERE g.id = c.grid_id) || '%'`), 0, 'household inside the grid');
  // Grid workers and claiming party members only ever act inside their own grids.
  assert.equal(
    count(
      `SELECT count(*) AS n FROM case_events e JOIN cases c ON c.id = e.case_id JOIN accounts a ON a.id = e.actor_account_id
        WHERE a.role IN ('grid_worker', 'party_member')
          AND NOT EXISTS (SELECT 1 FROM account_scopes s JOIN org_nodes n ON n.id = s.node_id WHERE s.account_id = a.id AND c.node_path LIKE n.path || '%')`,
    ),
    0,
  );
  // Rural grids have no lifts or gates to complain about.
  assert.equal(count(`SELECT count(*) AS n FROM cases c JOIN org_nodes g ON g.id = c.grid_id JOIN categories k ON k.id = c.category_id WHERE g.rural = 1 AND k.code = 'lift'`), 0);
  assert.equal(count(`SELECT count(*) AS n FROM (SELECT number FROM cases GROUP BY number HAVING count(*) > 1)`), 0);
});

test('every timeline replays through decide(), ids follow time, and the case indexes and search are rebuilt', () => {
  const replay = replayer(db);
  const rows = db.select().from(cases).orderBy(asc(cases.id)).all();
  const events = db.select().from(caseEvents).orderBy(asc(caseEvents.id)).all();
  const byCase = new Map<number, typeof events>();
  for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
  for (const c of rows) replay(c, byCase.get(c.id) ?? [], byCase);
  for (let i = 1; i < events.length; i++) assert.ok((events[i] as (typeof events)[number]).at >= (events[i - 1] as (typeof events)[number]).at, 'event ids in time order');
  for (let i = 1; i < rows.length; i++) assert.ok((rows[i] as (typeof rows)[number]).createdAt >= (rows[i - 1] as (typeof rows)[number]).createdAt, 'case ids in time order');

  // Built without indexes, then given back every index and trigger a migrated database has.
  const fresh = openTestDatabase();
  opened.push(fresh.close);
  const schema = (d: DB) =>
    connectionOf(d)
      .prepare(`SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name`)
      .all();
  assert.deepEqual(schema(db), schema(fresh.db));
  assert.deepEqual(connectionOf(db).prepare('PRAGMA foreign_key_check').all(), []);
  assert.equal(connectionOf(db).prepare(`PRAGMA integrity_check`).pluck().get(), 'ok');
  // The search index holds every case: a word from one case's description finds it.
  const sample = rows[Math.floor(rows.length / 2)] as (typeof rows)[number];
  const hits = connectionOf(db).prepare(`SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?`).pluck().all(`"${sample.number}"`);
  assert.deepEqual(hits, [sample.id]);
  assert.equal(count(`SELECT count(*) AS n FROM cases_fts`), rows.length);
});

test('the statistics aggregates, totalled after the bulk load, equal the direct computation for every level of the county', async () => {
  const viewer = (username: string) => {
    const id = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id;
    return actorFromUser(loadUserSync(db, id)!) as Viewer;
  };
  const at = DEFAULT_DEMO_NOW;
  let received = 0;
  for (const username of ['xianshuji', 'zhenshuji', 'zs02', 'shuji', 'sq003']) {
    // The presets (whole months from the aggregates) and custom periods that start and end mid-month (edge days read from the cases).
    const periods = [
      ...(['this_month', 'last_month', 'this_year', 'last_12_months'] as const).map((preset) => resolvePeriod({ period: preset }, at)),
      resolvePeriod({ period: 'custom', from: '2025-12-10', to: '2026-09-20' }, at),
      resolvePeriod({ period: 'custom', from: '2026-10-05', to: '2026-10-25' }, at),
    ];
    for (const period of periods) {
      const what = `${username} ${period.firstDay} … ${period.lastDay}`;
      const fast = await computeStats(db, viewer(username), period, at);
      const direct = await computeStatsDirect(db, viewer(username), period, at);
      assert.deepEqual(fast.totals, direct.totals, what);
      assert.deepEqual(fast.byGrid, direct.byGrid, `${what} by grid`);
      assert.deepEqual(fast.byCategory, direct.byCategory, `${what} by category`);
      // And every other figure: months, sources, handlers, durations, claims, townships and communities.
      assert.deepEqual(fast, direct, `${what}, every figure`);
      // The page's listing of the busiest handlers of each role: ranked in SQL for whole months (aggregates.ts
      // addRankedHandlers), in JavaScript by the direct computation; ties at the cut are frequent at 5.
      const listing = { top: 5 };
      assert.deepEqual(await computeStats(db, viewer(username), period, at, listing), await computeStatsDirect(db, viewer(username), period, at, listing), `${what}, the busiest 5 of each role`);
      received += fast.totals.received;
    }
  }
  assert.ok(received > 0, 'the periods hold requests');
});
