// Sliding-window hit counters, on the engine of this test process (npm run test:unit: SQLite; test:unit:pg: PostgreSQL).
import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { registerTestStore } from '@/db/store-testing';
import { rateLimitHits } from '@/db/tables';
import { hit, ipKey, PUBLIC_SUBMIT_LIMIT, RETENTION_MS, submitsPerHour, takeHit, tooMany } from './hits';

const storeFor = registerTestStore();

const t0 = new Date('2026-11-24T10:00:00+08:00');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const HOUR = 60 * 60 * 1000;

describe('rate limit hits', () => {
  it('allows up to the limit within the window, then refuses', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    const key = 'test:a';
    for (let i = 0; i < 3; i++) {
      assert.equal(await tooMany(store.db, key, 3, HOUR, at(i)), false);
      await hit(store, key, at(i));
    }
    assert.equal(await tooMany(store.db, key, 3, HOUR, at(10)), true);
  });

  it('slides: hits older than the window stop counting', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    const key = 'test:b';
    await hit(store, key, at(0));
    await hit(store, key, at(30));
    assert.equal(await tooMany(store.db, key, 2, HOUR, at(59)), true);
    // At 60 minutes the first hit has left the window; the one at 30 still counts.
    assert.equal(await tooMany(store.db, key, 2, HOUR, at(60)), false);
    assert.equal(await tooMany(store.db, key, 1, HOUR, at(60)), true);
    assert.equal(await tooMany(store.db, key, 1, HOUR, at(91)), false);
  });

  it('keeps keys apart', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    await hit(store, 'test:c', at(0));
    assert.equal(await tooMany(store.db, 'test:c', 1, HOUR, at(1)), true);
    assert.equal(await tooMany(store.db, 'test:d', 1, HOUR, at(1)), false);
  });

  it('lets a resident submit 10 times an hour from one address, not 11', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    const key = ipKey('submit', '203.0.113.7');
    const taken: boolean[] = [];
    for (let i = 0; i < 11; i++) taken.push(await takeHit(store, key, PUBLIC_SUBMIT_LIMIT, at(i)));
    assert.deepEqual(taken, [...Array(10).fill(true), false]);
    // A refused attempt is not counted, so the limit lifts an hour after the first hit.
    assert.equal(await takeHit(store, key, PUBLIC_SUBMIT_LIMIT, at(60)), true);
    assert.equal(await takeHit(store, ipKey('submit', '203.0.113.8'), PUBLIC_SUBMIT_LIMIT, at(5)), true);
  });

  it('20 concurrent takers of one key (as from many servers) leave exactly the limit counted', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    const key = ipKey('submit', '203.0.113.9');
    const taken = await Promise.all(Array.from({ length: 20 }, () => takeHit(store, key, PUBLIC_SUBMIT_LIMIT, at(0))));
    assert.equal(taken.filter(Boolean).length, PUBLIC_SUBMIT_LIMIT.limit);
    const rows = await store.db.select().from(rateLimitHits).where(eq(rateLimitHits.key, key));
    assert.equal(rows.length, PUBLIC_SUBMIT_LIMIT.limit);
  });

  it('prunes hits older than a day as new ones arrive', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    await hit(store, 'test:old', at(0));
    await hit(store, 'test:new', new Date(t0.getTime() + RETENTION_MS + 60_000));
    const keys = (await store.db.select({ key: rateLimitHits.key }).from(rateLimitHits)).map((r) => r.key);
    assert.ok(!keys.includes('test:old'));
    assert.ok(keys.includes('test:new'));
  });

  it('refuses windows longer than what is kept', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    await assert.rejects(tooMany(store.db, 'test:e', 1, RETENTION_MS + 1, t0), RangeError);
  });
});

test('the hourly submission limit is 10 unless a positive whole number is configured', () => {
  assert.equal(submitsPerHour(undefined), 10);
  assert.equal(submitsPerHour(''), 10);
  assert.equal(submitsPerHour('0'), 10);
  assert.equal(submitsPerHour('2.5'), 10);
  assert.equal(submitsPerHour('abc'), 10);
  assert.equal(submitsPerHour('200'), 200);
});
