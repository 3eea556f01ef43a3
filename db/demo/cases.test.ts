// Checks the demo year of requests: its size and spread, that every timeline replays through the lifecycle, and its mix.
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { asc } from 'drizzle-orm';
import type { DB } from '../client';
import { caseEvents, cases } from '../schema';
import { openTestDatabase } from '../testing';
import { isWithinScope } from '@/lib/auth/scope';
import { createDemoIntakePointsSync } from '@/lib/cases/intake-points';
import { connectionOf } from './bulk-insert';
import { seedDemoCases, type DemoCasesSummary } from './cases';
import { DEFAULT_DEMO_NOW, DEFAULT_DEMO_SEED } from './generate';
import { Random } from './random';
import { replayer } from './replay';

const DAY = 86_400_000;
const now = DEFAULT_DEMO_NOW.getTime();
const opened: (() => void)[] = [];

function seeded(opts: { seed?: number; count?: number } = {}): { db: DB; summary: DemoCasesSummary } {
  const { db, close } = openTestDatabase({ demo: true });
  opened.push(close);
  createDemoIntakePointsSync(db, new Random(DEFAULT_DEMO_SEED).fork(10));
  return { db, summary: seedDemoCases(db, opts) };
}

let db: DB;
let summary: DemoCasesSummary;
const sqlite = () => connectionOf(db);
const one = <T>(query: string, ...params: unknown[]): T => sqlite().prepare(query).get(...params) as T;
const count = (query: string, ...params: unknown[]): number => one<{ n: number }>(query, ...params).n;

before(() => {
  ({ db, summary } = seeded());
});

after(() => {
  for (const close of opened) close();
});

test('about 20,000 requests, all within the 12 months before the demo date, numbered per China day', () => {
  const total = count(`SELECT count(*) AS n FROM cases`);
  assert.ok(total >= 19_000 && total <= 21_000, `cases: ${total}`);
  assert.equal(summary.cases, total);
  const span = one<{ lo: number; hi: number }>(`SELECT min(created_at) AS lo, max(created_at) AS hi FROM cases`);
  assert.ok(span.lo > now - 366 * DAY && span.hi <= now, JSON.stringify(span));
  assert.equal(count(`SELECT count(*) AS n FROM case_events WHERE at > ?`, now), 0);
  // YH + the China-time date of creation + a sequence that restarts each day.
  const rows = sqlite().prepare(`SELECT number, created_at AS at FROM cases ORDER BY id`).all() as { number: string; at: number }[];
  const seq = new Map<string, number>();
  for (const r of rows) {
    const day = new Date(r.at + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
    const next = (seq.get(day) ?? 0) + 1;
    seq.set(day, next);
    assert.equal(r.number, `YH${day}-${String(next).padStart(4, '0')}`);
  }
  // Every month of the year has requests, and none is empty of any source.
  assert.equal(count(`SELECT count(DISTINCT substr(number, 3, 6)) AS n FROM cases`) >= 12, true);
  for (const source of ['wish_box', 'door_knock', 'patrol', 'council', 'hotline_12345', 'case_reflow', 'online']) {
    assert.ok(count(`SELECT count(*) AS n FROM cases WHERE source = ?`, source) > 100, source);
  }
});

test('every timeline replays through decide(): same transitions, same notes, targets and data, same final case', () => {
  const replay = replayer(db);
  const all = db.select().from(cases).orderBy(asc(cases.id)).all();
  const events = db.select().from(caseEvents).orderBy(asc(caseEvents.id)).all();
  const byCase = new Map<number, typeof events>();
  for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
  for (const c of all) replay(c, byCase.get(c.id) ?? [], byCase);
});

test('the status mix at the demo date: mostly closed, recent work open, some of it overdue', () => {
  const status = (s: string) => count(`SELECT count(*) AS n FROM cases WHERE status = ?`, s);
  const total = count(`SELECT count(*) AS n FROM cases`);
  assert.ok(status('closed') / total > 0.85, `closed: ${status('closed')}`);
  for (const s of ['submitted', 'assigned', 'in_progress', 'resolved']) assert.ok(status(s) > 0, s);
  // Open work is recent: the median open request is under two weeks old.
  const ages = (sqlite().prepare(`SELECT ? - created_at AS age FROM cases WHERE status IN ('submitted','accepted','assigned','in_progress','resolved') ORDER BY age`).all(now) as { age: number }[]).map((r) => r.age);
  assert.ok((ages[Math.floor(ages.length / 2)] ?? Infinity) < 14 * DAY, 'open requests are mostly recent');
  const overdue = count(
    `SELECT count(*) AS n FROM cases WHERE (status = 'submitted' AND accept_due_at < ?) OR (status IN ('accepted','assigned','in_progress') AND resolve_due_at < ?)`,
    now,
    now,
  );
  assert.ok(overdue >= 5, `open and overdue: ${overdue}`);
  assert.equal(overdue, summary.openOverdue);

  const resolved = count(`SELECT count(*) AS n FROM cases WHERE resolved_at IS NOT NULL`);
  const late = count(`SELECT count(*) AS n FROM cases WHERE resolved_at > resolve_due_at`);
  assert.ok(late / resolved > 0.03 && late / resolved < 0.25, `resolved late: ${late} of ${resolved}`);
  assert.ok(status('rejected') / total > 0.005 && status('duplicate') / total > 0.005);
  assert.ok(count(`SELECT count(*) AS n FROM cases WHERE close_reason = 'not_rated'`) / status('closed') > 0.03);
  assert.ok(count(`SELECT count(*) AS n FROM cases WHERE reopen_count > 0`) / total > 0.01, 'some unsatisfied ratings reopen cases');
  assert.ok(count(`SELECT count(*) AS n FROM cases WHERE supervised = 1`) > 50);
  assert.ok(count(`SELECT count(*) AS n FROM case_events WHERE action = 'request_extension'`) > 50);
  assert.ok(count(`SELECT count(*) AS n FROM cases WHERE escalation_level = 2`) > 100, 'some are whistled up to departments');
});

test('ratings are mostly satisfied: satisfied + basically ≥ 85% of all ratings given', () => {
  const rows = sqlite().prepare(`SELECT json_extract(data, '$.rating') AS rating, count(*) AS n FROM case_events WHERE action = 'rate' GROUP BY 1`).all() as { rating: string; n: number }[];
  const n = (r: string) => rows.find((x) => x.rating === r)?.n ?? 0;
  const rated = n('satisfied') + n('basically') + n('unsatisfied');
  assert.ok(rated > 10_000, `ratings: ${rated}`);
  assert.ok((n('satisfied') + n('basically')) / rated >= 0.85, JSON.stringify(rows));
  assert.ok(n('satisfied') > n('basically') && n('unsatisfied') > 0);
});

test('who does the work: grid workers mostly, wishes claimed by party members of the grid, power faults by the power company', () => {
  const claims = sqlite()
    .prepare(
      `SELECT a.role, a.party_member_id AS member, c.node_path AS path, (SELECT group_concat(n.path) FROM account_scopes s JOIN org_nodes n ON n.id = s.node_id WHERE s.account_id = a.id) AS scope
       FROM case_events e JOIN accounts a ON a.id = e.actor_account_id JOIN cases c ON c.id = e.case_id WHERE e.action = 'claim'`,
    )
    .all() as { role: string; member: number | null; path: string; scope: string }[];
  assert.ok(claims.length > 500, `claims: ${claims.length}`);
  for (const c of claims) {
    assert.equal(c.role, 'party_member');
    assert.notEqual(c.member, null);
    assert.ok(isWithinScope({ paths: c.scope.split(',') }, c.path));
  }
  const microWishes = count(`SELECT count(*) AS n FROM cases c JOIN categories k ON k.id = c.category_id WHERE k.code = 'micro_wish' AND c.status = 'closed'`);
  const claimedWishes = count(`SELECT count(*) AS n FROM cases c JOIN categories k ON k.id = c.category_id WHERE k.code = 'micro_wish' AND c.status = 'closed' AND c.handler_kind = 'party_member'`);
  assert.ok(claimedWishes / microWishes > 0.7, `claimed wishes: ${claimedWishes} of ${microWishes}`);
  assert.ok(
    count(
      `SELECT count(*) AS n FROM cases c JOIN categories k ON k.id = c.category_id JOIN units u ON u.id = c.handler_unit_id
       WHERE k.code IN ('street_light', 'charging') AND u.name = '国网新绛县供电公司'`,
    ) > 100,
  );
  // dy01–dy05 are unchanged; the accounts added for claims and units continue their series.
  assert.equal(count(`SELECT count(*) AS n FROM accounts WHERE username IN ('dy01','dy02','dy03','dy04','dy05') AND role = 'party_member'`), 5);
  assert.ok(summary.accountsAdded.includes('dy06'));
});

test('seasons: drains in the rainy season, 飞线充电 at 龙盛华庭 falls once its charging piles are in', () => {
  const byMonth = (code: string, months: string[]) =>
    count(
      `SELECT count(*) AS n FROM cases c JOIN categories k ON k.id = c.category_id WHERE k.code = ? AND substr(c.number, 7, 2) IN (${months.map(() => '?').join(',')})`,
      code,
      ...months,
    );
  assert.ok(byMonth('drainage', ['07', '08']) > 2 * byMonth('drainage', ['01', '02']));
  const hotspot = one<{ path: string }>(`SELECT path FROM org_nodes WHERE kind = 'grid' AND name = '龙盛华庭'`).path;
  const charging = (from: number, to: number) =>
    count(
      `SELECT count(*) AS n FROM cases c JOIN categories k ON k.id = c.category_id WHERE k.code = 'charging' AND c.node_path LIKE ? || '%' AND c.created_at >= ? AND c.created_at < ?`,
      hotspot,
      from,
      to,
    );
  // The same length of time, both spanning warm months, before and after the piles (165 days ago).
  assert.ok(charging(now - 330 * DAY, now - 165 * DAY) > 3 * charging(now - 165 * DAY, now));
});

test('deterministic for a seed, different for another', () => {
  const digest = (d: DB) => {
    const hash = createHash('sha256');
    for (const r of connectionOf(d).prepare(`SELECT number, public_token_hash, description, status, resident_name, updated_at FROM cases ORDER BY id`).iterate()) hash.update(JSON.stringify(r));
    for (const r of connectionOf(d).prepare(`SELECT case_id, at, action, actor_label, note, data FROM case_events ORDER BY id`).iterate()) hash.update(JSON.stringify(r));
    return hash.digest('hex');
  };
  const a = seeded({ count: 1500 });
  const b = seeded({ count: 1500 });
  const c = seeded({ count: 1500, seed: 7 });
  assert.equal(digest(a.db), digest(b.db));
  assert.deepEqual(a.summary, b.summary);
  assert.notEqual(digest(a.db), digest(c.db));
});
