import { after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { accounts, signInAttempts } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { eq } from 'drizzle-orm';
import { authenticate } from './authenticate';
import { hashPassword } from './password';
import { MAX_FAILURES, WINDOW_MS } from './rate-limit';

const { db, close } = openTestDatabase();
after(close);

const hash = hashPassword('right-password');
const now = new Date('2026-11-24T09:00:00+08:00');

beforeEach(() => {
  db.delete(signInAttempts).run();
  db.delete(accounts).run();
  db.insert(accounts)
    .values([
      { username: 'wg01', phone: '13900000101', displayName: '张丽娟', passwordHash: hash, role: 'grid_worker', createdAt: now },
      { username: 'wg02', displayName: '王海燕', passwordHash: hash, role: 'grid_worker', createdAt: now },
      { username: 'gone', displayName: '已停用', passwordHash: hash, role: 'grid_worker', active: false, createdAt: now },
    ])
    .run();
});

test('signs in by account name or by phone number', async () => {
  const byName = await authenticate(db, { login: 'wg01', password: 'right-password' }, '1.1.1.1', now);
  assert.equal(byName.ok && byName.account.role, 'grid_worker');
  const byPhone = await authenticate(db, { login: '13900000101', password: 'right-password' }, '1.1.1.1', now);
  assert.equal(byPhone.ok && byPhone.account.username, 'wg01');
});

test('a wrong password, an unknown account and a disabled account are all just "invalid"', async () => {
  assert.deepEqual(await authenticate(db, { login: 'wg01', password: 'nope' }, '1.1.1.1', now), { ok: false, reason: 'invalid' });
  assert.deepEqual(await authenticate(db, { login: 'nobody', password: 'right-password' }, '1.1.1.1', now), { ok: false, reason: 'invalid' });
  assert.deepEqual(await authenticate(db, { login: 'gone', password: 'right-password' }, '1.1.1.1', now), { ok: false, reason: 'invalid' });
});

test(`after ${MAX_FAILURES} failures the account is locked, even for the right password, until the window passes`, async () => {
  for (let i = 0; i < MAX_FAILURES; i++) await authenticate(db, { login: 'wg01', password: `bad-${i}` }, `10.0.0.${i}`, now);
  const locked = await authenticate(db, { login: 'wg01', password: 'right-password' }, '10.0.0.99', now);
  assert.deepEqual(locked, { ok: false, reason: 'throttled' });
  const later = new Date(now.getTime() + WINDOW_MS + 1000);
  const again = await authenticate(db, { login: 'wg01', password: 'right-password' }, '10.0.0.99', later);
  assert.equal(again.ok, true);
});

test('failures from one address across accounts lock that address, not others', async () => {
  for (let i = 0; i < MAX_FAILURES; i++) await authenticate(db, { login: `guess${i}`, password: 'x' }, '6.6.6.6', now);
  assert.deepEqual(await authenticate(db, { login: 'wg02', password: 'right-password' }, '6.6.6.6', now), { ok: false, reason: 'throttled' });
  assert.equal((await authenticate(db, { login: 'wg02', password: 'right-password' }, '7.7.7.7', now)).ok, true);
});

test('fewer failures than the limit do not lock, and every attempt is recorded', async () => {
  for (let i = 0; i < MAX_FAILURES - 1; i++) await authenticate(db, { login: 'wg02', password: 'bad' }, '2.2.2.2', now);
  assert.equal((await authenticate(db, { login: 'wg02', password: 'right-password' }, '2.2.2.2', now)).ok, true);
  const rows = db.select().from(signInAttempts).where(eq(signInAttempts.key, 'login:wg02')).all();
  assert.equal(rows.length, MAX_FAILURES);
});
