// Tests of the statistics periods: presets in China time, custom ranges, and the months a period spans.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { monthsOf, resolvePeriod, statsQuerySchema } from './period';

// 2026-01-01 07:30 China time is still 2025-12-31 in UTC: presets must follow the China calendar.
const NOW = new Date('2025-12-31T23:30:00Z');

describe('resolvePeriod', () => {
  test('presets cover whole China-time months and years', () => {
    const days = (p: ReturnType<typeof resolvePeriod>) => [p.preset, p.firstDay, p.lastDay];
    assert.deepEqual(days(resolvePeriod({ period: 'this_month' }, NOW)), ['this_month', '2026-01-01', '2026-01-31']);
    assert.deepEqual(days(resolvePeriod({ period: 'last_month' }, NOW)), ['last_month', '2025-12-01', '2025-12-31']);
    assert.deepEqual(days(resolvePeriod({ period: 'this_year' }, NOW)), ['this_year', '2026-01-01', '2026-12-31']);
    assert.deepEqual(days(resolvePeriod({ period: 'last_12_months' }, NOW)), ['last_12_months', '2025-02-01', '2026-01-31']);
    assert.equal(resolvePeriod({ period: 'this_month' }, NOW).from.toISOString(), '2025-12-31T16:00:00.000Z', 'midnight China time');
  });

  test('a custom range includes both days; one equal to a preset is that preset', () => {
    const p = resolvePeriod({ period: 'custom', from: '2025-03-01', to: '2025-03-31' }, NOW);
    assert.equal(p.preset, 'custom');
    assert.equal(p.from.toISOString(), '2025-02-28T16:00:00.000Z');
    assert.equal(p.to.toISOString(), '2025-03-31T16:00:00.000Z', 'the end is exclusive: the instant after the last day');
    assert.equal(resolvePeriod({ period: 'custom', from: '2025-12-01', to: '2025-12-31' }, NOW).preset, 'last_month');
  });
});

describe('statsQuerySchema', () => {
  test('defaults to this month; a custom period needs both days in order and at most 3 years', () => {
    assert.deepEqual(statsQuerySchema.parse({}), { period: 'last_month' }, 'the last full month, not a month of one day');
    assert.deepEqual(statsQuerySchema.parse({ period: '', gridId: '5' }), { period: 'last_month', gridId: 5 });
    assert.equal(statsQuerySchema.safeParse({ period: 'custom', from: '2026-01-01' }).success, false);
    assert.equal(statsQuerySchema.safeParse({ period: 'custom', from: '2026-02-01', to: '2026-01-01' }).success, false);
    assert.equal(statsQuerySchema.safeParse({ period: 'custom', from: '2026-02-30', to: '2026-03-01' }).success, false);
    assert.equal(statsQuerySchema.safeParse({ period: 'custom', from: '2020-01-01', to: '2026-01-01' }).success, false);
    assert.equal(statsQuerySchema.safeParse({ gridId: 'abc' }).success, false);
  });
});

describe('monthsOf', () => {
  test('every month touched, in order, across a year end', () => {
    const p = resolvePeriod({ period: 'custom', from: '2025-11-15', to: '2026-02-03' }, NOW);
    assert.deepEqual(monthsOf(p.from, p.to), ['2025-11', '2025-12', '2026-01', '2026-02']);
    assert.deepEqual(monthsOf(p.to, p.from), []);
  });
});
