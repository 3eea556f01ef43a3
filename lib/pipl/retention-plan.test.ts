// The retention job's query plan on SQLite: expired cases are found through their index (SQLite's EXPLAIN QUERY PLAN;
// the purge itself is tested on both engines in retention.test.ts).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cases } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { DEFAULT_RETENTION_MONTHS, expired, retentionCutoff } from './retention';

const { db, sqlite, close } = openTestDatabase({ demo: true, cases: 3000 });
after(close);

test('the background job finds expired cases through their index, not by reading every case (a county holds a million)', () => {
  const query = db.select({ id: cases.id }).from(cases).where(expired(retentionCutoff(DEFAULT_RETENTION_MONTHS, new Date()))).limit(500).toSQL();
  const plan = (sqlite.prepare(`explain query plan ${query.sql}`).all(...query.params) as { detail: string }[]).map((r) => r.detail);
  assert.ok(plan.some((d) => d.includes('USING INDEX cases_retention_idx')), plan.join('; '));
  assert.ok(!plan.some((d) => /^SCAN cases\b/.test(d)), plan.join('; '));
});
