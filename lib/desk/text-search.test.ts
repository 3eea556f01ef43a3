// The indexed search finds exactly what a plain substring scan finds, on the demo's ~20,000 requests: for
// 2-character terms (the index's vocabulary), 3+ characters (trigram phrases), single characters (the scan
// itself), several terms, ASCII in either case, and a term at the very end of a field or filling it.
// The desk queue's search pages (the index walking its matches) list exactly those cases, in submission order.
// On the engine of this test process (test:unit: SQLite's FTS5; test:unit:pg: PostgreSQL's pg_trgm, text-search.ts),
// against the same reference scan: a 2-character and a 3+-character search give the same cases on both.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { desc, eq, sql, type SQL } from 'drizzle-orm';
import { ENGINE } from '@/db/engine';
import { accounts } from '@/db/schema';
import { cases } from '@/db/tables';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { formatCursor, readBoundedCount, SEARCH_WINDOW } from '@/lib/cases/case-list';
import { visibleCases } from '@/lib/cases/visibility';
import { queueFilterSchema, queueWhere, SAVED_VIEW_KEYS } from './filters';
import { queuePage, savedViewCounts } from './queue';
import { caseTextMatch, searchTerms } from './text-search';

// The demo year: its ~20,000 requests, from the run's template.
const storeFor = registerTestStore({ year: true });
// Who is who: the same demo community (the same ids), without the requests.
const { db: fixtures, close } = openTestDatabase({ demo: true });
after(close);
const NOW = new Date();

type Sample = { id: number; number: string; description: string };
/** A case's id and its four searched fields, ASCII already folded to lower case (once, not once per term). */
type Folded = { id: number; fields: string[] };
let store: Store;
let prepared: Promise<Sample> | undefined;
let everyCase: Promise<Folded[]> | undefined;

/** ASCII letters in lower case, as SQLite's LIKE and the trigram index fold them (Chinese has no case). */
const fold = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * The reference, computed here and not by either engine: the ids (ascending) of the cases in which every term is a
 * substring of one of the four fields, ignoring ASCII case.
 */
async function scan(q: string, within?: SQL): Promise<number[]> {
  everyCase ??= store.db
    .select({ id: cases.id, number: cases.number, description: cases.description, place: cases.place, residentName: cases.residentName })
    .from(cases)
    .orderBy(cases.id)
    .then((rows) => rows.map((r) => ({ id: r.id, fields: [r.number, r.description, r.place, r.residentName].filter((f): f is string => f !== null).map(fold) })));
  const rows = await everyCase;
  const allowed = within ? new Set(await ids(within)) : null;
  const terms = searchTerms(q).map(fold);
  return rows.filter((r) => (!allowed || allowed.has(r.id)) && terms.every((t) => r.fields.some((f) => f.includes(t)))).map((r) => r.id);
}

/** A field that ends with the term, and one that is nothing but the term: set up once on the test's store. */
async function prepare(): Promise<Sample> {
  const [sample] = await store.db
    .select({ id: cases.id, number: cases.number, description: cases.description })
    .from(cases)
    .where(sql`${cases.residentName} is not null`)
    .orderBy(desc(cases.id))
    .limit(1);
  await store.write(async (tx) => void (await tx.update(cases).set({ residentName: '张三' }).where(eq(cases.id, sample!.id))));
  everyCase = undefined;
  return sample!;
}

async function ready(t: TestContext): Promise<Sample | undefined> {
  const s = storeFor(t);
  if (!s) return undefined;
  store = s;
  prepared ??= prepare();
  return prepared;
}

const ids = async (where: SQL) => (await store.db.select({ id: cases.id }).from(cases).where(where).orderBy(cases.id)).map((r) => r.id);

const TERMS: (string | { label: string; of: (s: Sample) => string })[] = [
  '路灯',
  '漏水',
  '充电',
  '电梯',
  '停车',
  '张三',
  { label: 'the last two characters of a description', of: (s) => [...s.description].slice(-2).join('') },
  { label: 'the last two characters of a number', of: (s) => s.number.slice(-2) },
  { label: 'two characters inside a number', of: (s) => s.number.slice(2, 4) },
  '充电桩',
  '飞线充电',
  '路灯 不亮',
  '漏水 楼',
  '灯',
  '水 楼道',
  'yh',
  'YH',
  { label: 'a whole number in lower case', of: (s) => s.number.toLowerCase() },
  '无此词语',
  '"a',
  '%',
];

describe(`the index finds exactly what a substring scan finds (${ENGINE})`, () => {
  for (const term of TERMS) {
    test(typeof term === 'string' ? JSON.stringify(term) : term.label, async (t) => {
      const sample = await ready(t);
      if (!sample) return;
      const q = typeof term === 'string' ? term : term.of(sample);
      const expected = await scan(q);
      assert.deepEqual(await ids(caseTextMatch(q)), expected);
      if (['路灯', '充电桩', '张三'].includes(q)) assert.ok(expected.length > 0, `${q} should match something in the demo`);
    });
  }
});

// SQLite only: FTS5's external-content index is kept by triggers, which can drift from their table; PostgreSQL keeps
// its GIN index itself (no trigger, nothing to check).
if (ENGINE === 'sqlite') {
  test("the triggers index what the index's source view holds (FTS5 integrity-check against its content)", async (t) => {
    if (!(await ready(t))) return;
    // A command of FTS5's, written as an insert: on the write connection (the store's reads are read-only).
    await store.write(async (tx) => void (await tx.run(sql`insert into cases_fts(cases_fts, rank) values ('integrity-check', 1)`)));
  });
}

describe(`the queue lists a search page by page through the index, exactly the scan's cases in submission order (${ENGINE})`, () => {
  const shujiId = fixtures.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'shuji')).get()!.id;
  const shuji = actorFromUser(loadUserSync(fixtures, shujiId)!);
  for (const [q, sort] of [['路灯', 'newest'], ['充电桩', 'oldest'], ['漏水 楼', 'newest']] as const) {
    test(`${q}, ${sort}`, async (t) => {
      if (!(await ready(t))) return;
      const expected = await scan(q, visibleCases(shuji));
      if (sort === 'newest') expected.reverse();
      const seen: number[] = [];
      let after: string | undefined;
      for (let i = 0; i < 1000; i++) {
        const page = await queuePage(store.db, shuji, queueFilterSchema.parse({ q, sort, pageSize: '100', after }), NOW);
        seen.push(...page.rows.map((r) => r.id));
        if (!page.next) break;
        after = formatCursor(page.next);
      }
      assert.deepEqual(seen, expected);
      const counts = await savedViewCounts(store.db, shuji, queueFilterSchema.parse({ q }), NOW);
      // Exact when the matches fit the count's window, otherwise a lower bound that says so.
      assert.ok(counts.all.atLeast ? counts.all.n <= expected.length : counts.all.n === expected.length, `${counts.all.n} vs ${expected.length}`);
    });
  }

  // The tabs under a search: one walk of the matches (SQLite's index, or PostgreSQL's scan of the scope) counts
  // every tab; each must be the view's own count, as the tab's list would hold it. 楼 matches more cases than the
  // walk's window: those counts are lower bounds that say so.
  for (const q of ['路灯', '充电桩', '楼']) {
    test(`the tab counts under a search are each view's own count: ${q}`, async (t) => {
      if (!(await ready(t))) return;
      const exact = await savedViewCounts(store.db, shuji, queueFilterSchema.parse({ q }), NOW, true);
      const bounded = await savedViewCounts(store.db, shuji, queueFilterSchema.parse({ q }), NOW);
      for (const view of ['all', ...SAVED_VIEW_KEYS] as const) {
        const where = queueWhere(shuji, { q, view: view === 'all' ? undefined : view }, NOW, { overdueByDeadline: true });
        const direct = await readBoundedCount(store.db, where, null);
        assert.deepEqual(exact[view], { n: direct.n, atLeast: false }, `${view} (exact)`);
        const b = bounded[view];
        assert.ok(b.atLeast ? b.n <= direct.n : b.n === direct.n, `${view}: ${b.n}${b.atLeast ? '+' : ''} vs ${direct.n}`);
      }
      if (q === '楼') assert.ok(bounded.all.atLeast && exact.all.n > SEARCH_WINDOW, `楼 should overflow the window: ${exact.all.n}`);
      if (q === '路灯') assert.ok(!bounded.all.atLeast && exact.all.n > 0 && exact.overdue.n + exact.pending.n + exact.follow_up.n > 0, '路灯 should fit the window, with cases in the open tabs');
    });
  }

  test('上一页 from the second page returns to the first', async (t) => {
    if (!(await ready(t))) return;
    const first = await queuePage(store.db, shuji, queueFilterSchema.parse({ q: '路灯', pageSize: '20' }), NOW);
    const second = await queuePage(store.db, shuji, queueFilterSchema.parse({ q: '路灯', pageSize: '20', after: formatCursor(first.next!) }), NOW);
    const back = await queuePage(store.db, shuji, queueFilterSchema.parse({ q: '路灯', pageSize: '20', before: formatCursor(second.prev!) }), NOW);
    assert.deepEqual(back.rows.map((r) => r.id), first.rows.map((r) => r.id));
    assert.equal(back.atStart, true);
  });
});
