// Dates as the pages write them, whatever the server's time zone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDate, formatDateTime, formatDay } from './datetime';

test('a moment is written as its China date, the way formatDateTime writes the date part', () => {
  // 2026-11-30 17:30 UTC is already 1 December in China.
  const late = new Date('2026-11-30T17:30:00Z');
  assert.equal(formatDate(late), '2026/12/01');
  assert.ok(formatDateTime(late).startsWith(formatDate(late)));
});

test('a stored calendar day is written with slashes; anything else is left as it is', () => {
  assert.equal(formatDay('2026-08-08'), '2026/08/08');
  assert.equal(formatDay('明年春节前'), '明年春节前');
});
