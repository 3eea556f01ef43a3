// Tests of how statistics are written: rates with "—" for nothing to measure, durations in a sayable unit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFraction, formatHours, formatRate } from './format';

test('rates: one decimal, "—" when the denominator is 0', () => {
  assert.equal(formatRate({ numerator: 11, denominator: 14, value: 11 / 14 }), '78.6%');
  assert.equal(formatRate({ numerator: 0, denominator: 0, value: null }), '—');
  assert.equal(formatFraction({ numerator: 18759, denominator: 19256, value: 0.97 }), '18,759 / 19,256');
});

test('durations: minutes under an hour, hours under two days, then days', () => {
  assert.equal(formatHours(null), '—');
  assert.equal(formatHours(0.3), '18 分钟');
  assert.equal(formatHours(22.4033), '22.4 小时');
  assert.equal(formatHours(49.2), '2.1 天');
});
