// Sign-in checks and throttling, on the engine of this test process (npm run test:unit: SQLite; test:unit:pg: PostgreSQL).
import { beforeEach, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { accounts, signInAttempts } from '@/db/tables';
import { authenticate } from './authenticate';
import { hashPassword } from './password';
import { ADDRESS_MAX_FAILURES, ADDRESS_WINDOW_MS, attemptKeys, FREE_FAILURES, lockDurationMs, throttledMessage } from './rate-limit';

const storeFor = registerTestStore();
let store: Store;

const hash = hashPassword('right-password');
const now = new Date('2026-11-24T09:00:00+08:00');
const MINUTE = 60_000;
const at = (ms: number) => new Date(now.getTime() + ms);

let fresh = false;
beforeEach(() => {
  fresh = false;
});

/** The store with three accounts and no attempts, made once per test; false when the test is skipped. */
async function given(t: TestContext): Promise<boolean> {
  const s = storeFor(t);
  if (!s) return false;
  store = s;
  if (fresh) return true;
  await store.write(async (tx) => {
    await tx.delete(signInAttempts);
    await tx.delete(accounts);
    await tx.insert(accounts).values([
      { username: 'wg01', phone: '13900000101', displayName: '张丽娟', passwordHash: hash, role: 'grid_worker', createdAt: now },
      { username: 'wg02', displayName: '王海燕', passwordHash: hash, role: 'grid_worker', createdAt: now },
      { username: 'gone', displayName: '已停用', passwordHash: hash, role: 'grid_worker', active: false, createdAt: now },
    ]);
  });
  fresh = true;
  return true;
}

const attempt = (login: string, password: string, ip: string | null, when = now) => authenticate(store, { login, password }, ip, when);

async function fail(login: string, ip: string, times: number, when = now) {
  for (let i = 0; i < times; i++) await attempt(login, `bad-${i}`, ip, when);
}

test('signs in by account name or by phone number', async (t) => {
  if (!(await given(t))) return;
  const byName = await attempt('wg01', 'right-password', '1.1.1.1');
  assert.equal(byName.ok && byName.account.role, 'grid_worker');
  const byPhone = await attempt('13900000101', 'right-password', '1.1.1.1');
  assert.equal(byPhone.ok && byPhone.account.username, 'wg01');
});

test('a wrong password, an unknown account and a disabled account are all just "invalid"', async (t) => {
  if (!(await given(t))) return;
  assert.deepEqual(await attempt('wg01', 'nope', '1.1.1.1'), { ok: false, reason: 'invalid' });
  assert.deepEqual(await attempt('nobody', 'right-password', '1.1.1.1'), { ok: false, reason: 'invalid' });
  assert.deepEqual(await attempt('gone', 'right-password', '1.1.1.1'), { ok: false, reason: 'invalid' });
});

test(`after ${FREE_FAILURES} failures the account is locked for 1 minute from that address, even for the right password`, async (t) => {
  if (!(await given(t))) return;
  await fail('wg01', '10.0.0.1', FREE_FAILURES);
  assert.deepEqual(await attempt('wg01', 'right-password', '10.0.0.1', at(30_000)), { ok: false, reason: 'throttled', retryAfterMinutes: 1 });
  assert.equal((await attempt('wg01', 'right-password', '10.0.0.1', at(MINUTE + 1000))).ok, true);
});

test('the name and the phone number share one budget: failures by both lock the account', async (t) => {
  if (!(await given(t))) return;
  await fail('wg01', '10.0.0.2', 3);
  await fail('13900000101', '10.0.0.2', FREE_FAILURES - 3);
  assert.equal((await attempt('wg01', 'right-password', '10.0.0.2')).ok, false);
  assert.equal((await attempt('13900000101', 'right-password', '10.0.0.2')).ok, false);
});

test('the lock grows with each further failure: 1, 5, 15, then 60 minutes', async (t) => {
  if (!(await given(t))) return;
  assert.deepEqual([4, 5, 6, 7, 8, 20].map(lockDurationMs), [0, MINUTE, 5 * MINUTE, 15 * MINUTE, 60 * MINUTE, 60 * MINUTE]);
  await fail('wg02', '10.0.0.3', FREE_FAILURES);
  let when = at(MINUTE + 1000);
  await fail('wg02', '10.0.0.3', 1, when); // the 6th failure: 5 minutes
  const sixth = await attempt('wg02', 'right-password', '10.0.0.3', at(MINUTE + 2000));
  assert.deepEqual(sixth, { ok: false, reason: 'throttled', retryAfterMinutes: 5 });
  when = at(MINUTE + 1000 + 5 * MINUTE + 1000);
  await fail('wg02', '10.0.0.3', 1, when); // the 7th: 15 minutes
  const seventh = await attempt('wg02', 'right-password', '10.0.0.3', new Date(when.getTime() + 1000));
  assert.deepEqual(seventh, { ok: false, reason: 'throttled', retryAfterMinutes: 15 });
  assert.equal((await attempt('wg02', 'right-password', '10.0.0.3', new Date(when.getTime() + 15 * MINUTE + 1000))).ok, true);
});

test('a success resets the count', async (t) => {
  if (!(await given(t))) return;
  await fail('wg02', '10.0.0.4', FREE_FAILURES - 1);
  assert.equal((await attempt('wg02', 'right-password', '10.0.0.4')).ok, true);
  await fail('wg02', '10.0.0.4', FREE_FAILURES - 1);
  assert.equal((await attempt('wg02', 'right-password', '10.0.0.4')).ok, true);
});

test('an attacker at another address cannot lock the worker out', async (t) => {
  if (!(await given(t))) return;
  await fail('wg01', '6.6.6.6', FREE_FAILURES * 3);
  assert.equal((await attempt('wg01', 'right-password', '6.6.6.6')).ok, false);
  assert.equal((await attempt('wg01', 'right-password', '192.0.2.10')).ok, true);
});

test('unknown logins are throttled by their normalised text', async (t) => {
  if (!(await given(t))) return;
  await fail('Nobody ', '10.0.0.5', FREE_FAILURES);
  assert.equal((await attempt('nobody', 'x', '10.0.0.5')).ok, false);
  assert.deepEqual(await attempt('nobody', 'x', '10.0.0.5'), { ok: false, reason: 'throttled', retryAfterMinutes: 1 });
});

test(`spraying one password over many accounts locks the address after ${ADDRESS_MAX_FAILURES} failures`, async (t) => {
  if (!(await given(t))) return;
  for (let i = 0; i < ADDRESS_MAX_FAILURES; i++) await attempt(`guess${i}`, 'Password1', '6.6.6.7');
  const blocked = await attempt('wg02', 'right-password', '6.6.6.7', at(MINUTE));
  assert.deepEqual(blocked, { ok: false, reason: 'throttled', retryAfterMinutes: 14 });
  assert.equal((await attempt('wg02', 'right-password', '7.7.7.7', at(MINUTE))).ok, true);
  assert.equal((await attempt('wg02', 'right-password', '6.6.6.7', at(ADDRESS_WINDOW_MS + 1000))).ok, true);
});

test('the message says how long to wait', () => {
  assert.equal(throttledMessage(5), '登录失败次数过多，请 5 分钟后再试。');
});

test(`20 parallel wrong passwords for one account from one address: exactly ${FREE_FAILURES} are tried, the rest throttled`, async (t) => {
  if (!(await given(t))) return;
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt('wg01', `bad-${i}`, '10.0.0.9')));
  assert.equal(results.filter((r) => !r.ok && r.reason === 'invalid').length, FREE_FAILURES);
  assert.equal(results.filter((r) => !r.ok && r.reason === 'throttled').length, 20 - FREE_FAILURES);
  const [account] = await store.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'wg01'));
  const counted = await store.db.select().from(signInAttempts).where(and(eq(signInAttempts.key, attemptKeys({ accountId: account!.id }, '10.0.0.9').pair)));
  assert.equal(counted.length, FREE_FAILURES, 'only the tried ones are counted');
  assert.ok(counted.every((a) => !a.succeeded));
  // …and the right password is locked out too, for the minute.
  assert.equal((await attempt('wg01', 'right-password', '10.0.0.9')).ok, false);
});

test(`${ADDRESS_MAX_FAILURES + 10} parallel guesses at different accounts from one address: exactly ${ADDRESS_MAX_FAILURES} are tried`, async (t) => {
  if (!(await given(t))) return;
  const results = await Promise.all(Array.from({ length: ADDRESS_MAX_FAILURES + 10 }, (_, i) => attempt(`spray${i}`, 'Password1', '6.6.6.8')));
  assert.equal(results.filter((r) => !r.ok && r.reason === 'invalid').length, ADDRESS_MAX_FAILURES);
  assert.equal(results.filter((r) => !r.ok && r.reason === 'throttled').length, 10);
});

test('parallel sign-ins with the right password (a few tabs at once) all succeed and leave no failure behind', async (t) => {
  if (!(await given(t))) return;
  // An attempt being checked counts against the budget until its password is known, so up to FREE_FAILURES at once.
  const results = await Promise.all(Array.from({ length: FREE_FAILURES - 1 }, () => attempt('wg02', 'right-password', '10.0.0.10')));
  assert.ok(results.every((r) => r.ok));
  const rows = await store.db.select().from(signInAttempts).where(eq(signInAttempts.key, 'ip:10.0.0.10'));
  assert.deepEqual([rows.length, rows.every((r) => r.succeeded)], [FREE_FAILURES - 1, true]);
  assert.equal((await attempt('wg02', 'right-password', '10.0.0.10')).ok, true, 'settled successes are no failures');
});
