// Tests of the date bounds: every day, month and instant schema refuses what lies outside 2000-01-01..2100-12-31, in Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionSchema } from '@/lib/cases/schemas';
import { parseQueueFilters, queueFilterSchema } from '@/lib/desk/filters';
import { monthSchema, monthSpan } from '@/lib/desk/month';
import { bulkActionSchema } from '@/lib/desk/schemas';
import { resolvePeriod, statsQuerySchema } from '@/lib/stats/period';
import { chinaDateTimeSchema, DAY_RANGE_MESSAGE, daySchema, MONTH_RANGE_MESSAGE, TIME_RANGE_MESSAGE } from './dates';

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? [] : r.error!.issues.map((i) => i.message));

test('days: the bounds themselves pass, the day either side of them and absurd years are refused with the range', () => {
  for (const ok of ['2000-01-01', '2026-11-24', '2100-12-31']) assert.equal(daySchema.parse(ok), ok);
  for (const bad of ['1999-12-31', '2101-01-01', '0000-01-01', '0001-01-01', '9999-12-31']) assert.deepEqual(messages(daySchema.safeParse(bad)), [DAY_RANGE_MESSAGE], bad);
  assert.deepEqual(messages(daySchema.safeParse('2026-02-30')), ['日期不存在']);
  assert.match(DAY_RANGE_MESSAGE, /^日期须在 2000-01-01 至 2100-12-31 之间$/);
});

test('months (report and ledger): 2000-01..2100-12; 9999-12 and 0000-01 are refused, and every accepted month spans valid instants', () => {
  for (const ok of ['2000-01', '2100-12']) {
    assert.equal(monthSchema.parse(ok), ok);
    const span = monthSpan(ok);
    assert.ok(Number.isFinite(span.from.getTime()) && Number.isFinite(span.to.getTime()));
  }
  for (const bad of ['9999-12', '0000-01', '1999-12', '2101-01']) assert.deepEqual(messages(monthSchema.safeParse(bad)), [MONTH_RANGE_MESSAGE], bad);
  assert.deepEqual(messages(monthSchema.safeParse('2026-13')), ['月份格式应为 YYYY-MM']);
});

test('stats custom periods: far-off days are refused; the largest accepted period resolves to valid dates', () => {
  for (const [from, to] of [
    ['9999-12-31', '9999-12-31'],
    ['0000-01-01', '0001-01-01'],
  ]) {
    const r = statsQuerySchema.safeParse({ period: 'custom', from, to });
    assert.ok(messages(r).includes(DAY_RANGE_MESSAGE), `${from}..${to}: ${messages(r).join('；')}`);
  }
  const last = statsQuerySchema.parse({ period: 'custom', from: '2100-12-01', to: '2100-12-31' });
  const period = resolvePeriod(last, new Date('2026-04-01T02:00:00Z'));
  assert.equal(period.lastDay, '2100-12-31');
});

test('queue filters: an out-of-range from/to is dropped with the reason, the rest of the filters stay', () => {
  assert.deepEqual(messages(queueFilterSchema.safeParse({ from: '0000-01-01' })), [DAY_RANGE_MESSAGE]);
  const { filters, problems } = parseQueueFilters({ from: '0000-01-01', to: '9999-12-31', source: 'patrol' });
  assert.equal(filters.from, undefined);
  assert.equal(filters.to, undefined);
  assert.equal(filters.source, 'patrol');
  assert.deepEqual(problems, [`开始日期：${DAY_RANGE_MESSAGE}（已忽略）`, `结束日期：${DAY_RANGE_MESSAGE}（已忽略）`]);
});

test('instants (督办 deadlines in forms, bulk actions and the API): refused outside the bounds, China time inside', () => {
  assert.equal(chinaDateTimeSchema.parse('2026-11-24T18:00')?.toISOString(), '2026-11-24T10:00:00.000Z');
  assert.equal(chinaDateTimeSchema.parse(''), undefined);
  for (const bad of ['9999-12-31T10:00', '0000-01-01T00:00', '1999-12-31T23:59', '+275760-09-13T00:00:00Z']) {
    assert.deepEqual(messages(chinaDateTimeSchema.safeParse(bad)), [TIME_RANGE_MESSAGE], bad);
  }
  assert.deepEqual(messages(actionSchema.safeParse({ action: 'supervise', note: '尽快办理', dueAt: '9999-12-31T10:00', version: 0 })), [TIME_RANGE_MESSAGE]);
  assert.deepEqual(messages(bulkActionSchema.safeParse({ action: 'supervise', items: ['YH20260401-0001:0'], note: '尽快办理', dueAt: '0000-01-01T00:00' })), [TIME_RANGE_MESSAGE]);
});
