// The indexed search finds exactly what a plain substring scan finds, on the demo's ~20,000 requests: for
// 2-character terms (the index's vocabulary), 3+ characters (trigram phrases), single characters (the scan
// itself), several terms, ASCII in either case, and a term at the very end of a field or filling it.
// The desk queue's search pages (the index walking its matches) list exactly those cases, in submission order.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { accounts, cases } from '@/db/schema';
import { seedDemoCases } from '@/db/demo/cases';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { formatCursor } from '@/lib/cases/case-list';
import { visibleCases } from '@/lib/cases/visibility';
import { queueFilterSchema } from './filters';
import { queuePage, savedViewCounts } from './queue';
import { caseTextMatch, escapeLike, searchTerms } from './text-search';

const { db, close } = openTestDatabase({ demo: true });
after(close);
seedDemoCases(db);
const NOW = new Date();

/** The reference: every term a substring of one of the four fields, by LIKE (ASCII case-insensitive). */
function likeScan(q: string): SQL {
  const terms = searchTerms(q);
  return and(
    ...terms.map((t) => {
      const p = `%${escapeLike(t)}%`;
      return sql`(${cases.number} like ${p} escape '\\' or ${cases.description} like ${p} escape '\\' or ${cases.place} like ${p} escape '\\' or ${cases.residentName} like ${p} escape '\\')`;
    }),
  )!;
}

const ids = (where: SQL) =>
  db
    .select({ id: cases.id })
    .from(cases)
    .where(where)
    .orderBy(cases.id)
    .all()
    .map((r) => r.id);

// A field that ends with the term, and one that is nothing but the term.
const sample = db.select({ id: cases.id, number: cases.number, description: cases.description, residentName: cases.residentName }).from(cases).where(sql`${cases.residentName} is not null`).orderBy(desc(cases.id)).get()!;
const lastTwo = [...sample.description].slice(-2).join('');
db.update(cases).set({ residentName: '张三' }).where(eq(cases.id, sample.id)).run();

const TERMS = [
  '路灯',
  '漏水',
  '充电',
  '电梯',
  '停车',
  '张三',
  lastTwo,
  sample.number.slice(-2),
  sample.number.slice(2, 4),
  '充电桩',
  '飞线充电',
  '路灯 不亮',
  '漏水 楼',
  '灯',
  '水 楼道',
  'yh',
  'YH',
  sample.number.toLowerCase(),
  '无此词语',
  '"a',
  '%',
];

describe('the index finds exactly what a substring scan finds', () => {
  for (const q of TERMS) {
    test(JSON.stringify(q), () => {
      const expected = ids(likeScan(q));
      assert.deepEqual(ids(caseTextMatch(q)), expected);
      if (['路灯', '充电桩', '张三'].includes(q)) assert.ok(expected.length > 0, `${q} should match something in the demo`);
    });
  }
});

test('the triggers index what the index\'s source view holds (FTS5 integrity-check against its content)', () => {
  db.run(sql`insert into cases_fts(cases_fts, rank) values ('integrity-check', 1)`);
});

describe('the queue lists a search page by page through the index, exactly the scan\'s cases in submission order', () => {
  const shujiId = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'shuji')).get()!.id;
  const shuji = actorFromUser(loadUserSync(db, shujiId)!);
  for (const [q, sort] of [['路灯', 'newest'], ['充电桩', 'oldest'], ['漏水 楼', 'newest']] as const) {
    test(`${q}, ${sort}`, () => {
      const expected = ids(and(visibleCases(shuji), likeScan(q))!);
      if (sort === 'newest') expected.reverse();
      const seen: number[] = [];
      let after: string | undefined;
      for (let i = 0; i < 1000; i++) {
        const page = queuePage(db, shuji, queueFilterSchema.parse({ q, sort, pageSize: '100', after }), NOW);
        seen.push(...page.rows.map((r) => r.id));
        if (!page.next) break;
        after = formatCursor(page.next);
      }
      assert.deepEqual(seen, expected);
      const counts = savedViewCounts(db, shuji, queueFilterSchema.parse({ q }), NOW);
      // Exact when the matches fit the count's window, otherwise a lower bound that says so.
      assert.ok(counts.all.atLeast ? counts.all.n <= expected.length : counts.all.n === expected.length, `${counts.all.n} vs ${expected.length}`);
    });
  }

  test('上一页 from the second page returns to the first', () => {
    const first = queuePage(db, shuji, queueFilterSchema.parse({ q: '路灯', pageSize: '20' }), NOW);
    const second = queuePage(db, shuji, queueFilterSchema.parse({ q: '路灯', pageSize: '20', after: formatCursor(first.next!) }), NOW);
    const back = queuePage(db, shuji, queueFilterSchema.parse({ q: '路灯', pageSize: '20', before: formatCursor(second.prev!) }), NOW);
    assert.deepEqual(back.rows.map((r) => r.id), first.rows.map((r) => r.id));
    assert.equal(back.atStart, true);
  });
});
