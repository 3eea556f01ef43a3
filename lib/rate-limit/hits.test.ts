import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';
import type { DB } from '@/db/client';
import { rateLimitHits } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { hit, ipKey, PUBLIC_SUBMIT_LIMIT, RETENTION_MS, submitsPerHour, takeHit, tooMany } from './hits';

let db: DB;
let close: () => void;
before(() => ({ db, close } = openTestDatabase()));
after(() => close());

const t0 = new Date('2026-11-24T10:00:00+08:00');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const HOUR = 60 * 60 * 1000;

describe('rate limit hits', () => {
  it('allows up to the limit within the window, then refuses', () => {
    const key = 'test:a';
    for (let i = 0; i < 3; i++) {
      assert.equal(tooMany(db, key, 3, HOUR, at(i)), false);
      hit(db, key, at(i));
    }
    assert.equal(tooMany(db, key, 3, HOUR, at(10)), true);
  });

  it('slides: hits older than the window stop counting', () => {
    const key = 'test:b';
    hit(db, key, at(0));
    hit(db, key, at(30));
    assert.equal(tooMany(db, key, 2, HOUR, at(59)), true);
    // At 60 minutes the first hit has left the window; the one at 30 still counts.
    assert.equal(tooMany(db, key, 2, HOUR, at(60)), false);
    assert.equal(tooMany(db, key, 1, HOUR, at(60)), true);
    assert.equal(tooMany(db, key, 1, HOUR, at(91)), false);
  });

  it('keeps keys apart', () => {
    hit(db, 'test:c', at(0));
    assert.equal(tooMany(db, 'test:c', 1, HOUR, at(1)), true);
    assert.equal(tooMany(db, 'test:d', 1, HOUR, at(1)), false);
  });

  it('lets a resident submit 10 times an hour from one address, not 11', () => {
    const key = ipKey('submit', '203.0.113.7');
    const taken = Array.from({ length: 11 }, (_, i) => takeHit(db, key, PUBLIC_SUBMIT_LIMIT, at(i)));
    assert.deepEqual(taken, [...Array(10).fill(true), false]);
    // A refused attempt is not counted, so the limit lifts an hour after the first hit.
    assert.equal(takeHit(db, key, PUBLIC_SUBMIT_LIMIT, at(60)), true);
    assert.equal(takeHit(db, ipKey('submit', '203.0.113.8'), PUBLIC_SUBMIT_LIMIT, at(5)), true);
  });

  it('prunes hits older than a day as new ones arrive', () => {
    hit(db, 'test:old', at(0));
    hit(db, 'test:new', new Date(t0.getTime() + RETENTION_MS + 60_000));
    const keys = db.select({ key: rateLimitHits.key }).from(rateLimitHits).all().map((r) => r.key);
    assert.ok(!keys.includes('test:old'));
    assert.ok(keys.includes('test:new'));
  });

  it('refuses windows longer than what is kept', () => {
    assert.throws(() => tooMany(db, 'test:e', 1, RETENTION_MS + 1, t0), RangeError);
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
