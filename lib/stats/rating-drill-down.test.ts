// The statistics' rating drill-downs (已评价, 满意, 基本满意, 不满意 on /desk/stats) hold every case behind the figure,
// the supporters' (附议) ratings included as 满意率 counts them, and the queue shows those ratings marked as the
// supporters'. On the demo community, on the engine of this test process (SQLite, and PostgreSQL via test:unit:pg).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { and, asc, count, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { DEFAULT_DEMO_NOW } from '@/db/demo/generate';
import { accounts as legacyAccounts } from '@/db/schema';
import { registerTestStore } from '@/db/store-testing';
import { cases, caseSupports } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { describeFilters } from '@/lib/desk/filter-text';
import { queueFilterSchema, queueWhere, searchParamsToObject } from '@/lib/desk/filters';
import { queuePage, ratingTally } from '@/lib/desk/queue';
import { computeStats } from './aggregates';
import { receivedHref } from './drill-down';
import { resolvePeriod } from './period';

const storeFor = registerTestStore({ demo: true, cases: 3000 });
const fixtures = openTestDatabase({ demo: true });
after(fixtures.close);
const shuji = actorFromUser(loadUserSync(fixtures.db, fixtures.db.select({ id: legacyAccounts.id }).from(legacyAccounts).where(eq(legacyAccounts.username, 'shuji')).get()!.id)!);
const NOW = DEFAULT_DEMO_NOW;

const filtersOf = (href: string) => queueFilterSchema.parse(searchParamsToObject(new URL(href, 'http://localhost').searchParams));

test("the rating drill-downs count and list the supporters' ratings as 满意率 does, marked as theirs", async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  const period = resolvePeriod({ period: 'last_12_months' }, NOW);
  const scope = { firstDay: period.firstDay, lastDay: period.lastDay };
  const received = filtersOf(receivedHref(scope));

  // A case the resident did not rate (or rated otherwise) that one supporter rated 不满意: before, the 不满意 link missed it.
  const [target] = await db
    .select({ id: cases.id, rating: cases.rating })
    .from(cases)
    .where(and(queueWhere(shuji, received, NOW), inArray(cases.status, ['resolved', 'closed']), isNull(cases.rating)))
    .orderBy(asc(cases.id))
    .limit(1);
  assert.ok(target, 'a finished, unrated case of the period');
  await store.write(async (tx) => {
    await tx.insert(caseSupports).values({
      caseId: target.id, kind: 'device', deviceHash: crypto.randomBytes(16).toString('hex'), tokenHash: crypto.randomBytes(32).toString('hex'),
      rating: 'unsatisfied', ratedAt: new Date(NOW.getTime() - 86_400_000), createdAt: new Date(NOW.getTime() - 2 * 86_400_000),
    });
    await tx.update(cases).set({ supportCount: 1 }).where(and(eq(cases.id, target.id), eq(cases.supportCount, 0)));
  });

  const stats = await computeStats(db, shuji, period, NOW);
  const figures = {
    rated: stats.totals.satisfaction.denominator,
    satisfied: stats.totals.ratings.satisfied,
    basically: stats.totals.ratings.basically,
    unsatisfied: stats.totals.ratings.unsatisfied,
  } as const;
  let supporterRatings = 0;
  for (const [rating, figure] of Object.entries(figures) as [keyof typeof figures, number][]) {
    const filters = filtersOf(receivedHref(scope, { rating, supporters: true }));
    const tally = (await ratingTally(db, shuji, filters, NOW))!;
    assert.equal(tally.own + tally.supporters, figure, `${rating}: the ratings behind the drill-down are the figure`);
    // Counted independently: the listed cases' own ratings and their supporters' ratings of that kind.
    const listed = (await db.select({ id: cases.id, rating: cases.rating }).from(cases).where(queueWhere(shuji, filters, NOW))).map((r) => r);
    const own = listed.filter((r) => r.rating !== null && (rating === 'rated' || r.rating === rating)).length;
    const ids = listed.map((r) => r.id);
    const theirs = await db.select({ rating: caseSupports.rating }).from(caseSupports).where(and(inArray(caseSupports.caseId, ids), isNotNull(caseSupports.rating)));
    assert.equal(own + theirs.filter((s) => rating === 'rated' || s.rating === rating).length, figure, `${rating}: counted from the listed cases`);
    // The resident-only filter lists the residents' own ratings alone: short of the figure by the supporters'.
    const [plain] = await db.select({ n: count() }).from(cases).where(queueWhere(shuji, filtersOf(receivedHref(scope, { rating })), NOW));
    assert.equal(plain!.n, tally.own, `${rating}: without supporters, one row per own rating`);
    if (rating === 'rated') supporterRatings = tally.supporters;
  }
  assert.ok(supporterRatings > 0, "the period holds supporters' ratings");

  // The case only a supporter rated 不满意 is in the 不满意 drill-down, and not in the resident-only filter.
  const unsatisfied = filtersOf(receivedHref(scope, { rating: 'unsatisfied', supporters: true }));
  const inDrillDown = await db.select({ id: cases.id }).from(cases).where(and(queueWhere(shuji, unsatisfied, NOW), eq(cases.id, target.id)));
  assert.equal(inDrillDown.length, 1);
  const inPlain = await db.select({ id: cases.id }).from(cases).where(and(queueWhere(shuji, filtersOf(receivedHref(scope, { rating: 'unsatisfied' })), NOW), eq(cases.id, target.id)));
  assert.equal(inPlain.length, 0);
  assert.match(await describeFilters(db, shuji.scope, unsatisfied), /评价：不满意（含附议居民的评价）/);

  // The queue's rows carry the supporters' ratings, per rating, apart from the resident's own.
  const page = await queuePage(db, shuji, { ...filtersOf(receivedHref(scope, { rating: 'rated', supporters: true })), sort: 'supported', pageSize: 100 }, NOW);
  const withSupporters = page.rows.filter((r) => r.supporterRatings !== null);
  assert.ok(withSupporters.length > 0, 'the first page (most supporters first) shows supporters’ ratings');
  for (const r of withSupporters) {
    const rows = await db.select({ rating: caseSupports.rating }).from(caseSupports).where(and(eq(caseSupports.caseId, r.id), isNotNull(caseSupports.rating)));
    const expected: Record<string, number> = {};
    for (const s of rows) expected[s.rating!] = (expected[s.rating!] ?? 0) + 1;
    assert.deepEqual(r.supporterRatings, expected, r.number);
  }
  const targetRow = (await queuePage(db, shuji, { ...unsatisfied, sort: 'supported', pageSize: 100 }, NOW)).rows.find((r) => r.id === target.id);
  assert.deepEqual([targetRow?.rating, targetRow?.supporterRatings], [null, { unsatisfied: 1 }], "its own rating empty, the supporter's 不满意 beside it");
});
