// Server-side sessions on the engine of this test process (npm run test:unit: SQLite; test:unit:pg: PostgreSQL).
import assert from 'node:assert/strict';
import { beforeEach, test, type TestContext } from 'node:test';
import { eq } from 'drizzle-orm';
import { ENGINE } from '@/db/engine';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { accounts, sessions } from '@/db/tables';
import { loadSessionUser } from './load-user';
import { hashPassword } from './password';
import { createSession, endAccountSessions, endSession, isSessionLive, listAccountsWithSessions, TOUCH_EVERY_MS } from './sessions';

const storeFor = registerTestStore();

const now = new Date('2026-11-24T09:00:00+08:00');
const HOUR = 60 * 60 * 1000;
const at = (ms: number) => new Date(now.getTime() + ms);
let wg01 = 0;
let wg02 = 0;
const client = { ip: '192.0.2.1', userAgent: 'test' };

let fresh = false;
beforeEach(() => {
  fresh = false;
});

/** The store with two accounts and no sessions, made once per test. */
async function given(t: TestContext): Promise<Store | undefined> {
  const store = storeFor(t);
  if (!store || fresh) return store;
  const hash = hashPassword('x');
  await store.write(async (tx) => {
    await tx.delete(sessions);
    await tx.delete(accounts);
    [wg01, wg02] = (
      await tx
        .insert(accounts)
        .values([
          { username: 'wg01', displayName: '张丽娟', passwordHash: hash, role: 'grid_worker', createdAt: now },
          { username: 'wg02', displayName: '王海燕', passwordHash: hash, role: 'grid_worker', createdAt: now },
        ])
        .returning({ id: accounts.id })
    ).map((r) => r.id) as [number, number];
  });
  fresh = true;
  return store;
}

const sessionRow = async (store: Store, id: string) => (await store.db.select().from(sessions).where(eq(sessions.id, id)).limit(1))[0];

test('a session is live until it is ended; a cookie naming an ended session gets no user', async (t) => {
  const store = await given(t);
  if (!store) return;
  const id = await createSession(store, wg01, client, now);
  assert.equal((await loadSessionUser(store, { accountId: wg01, sessionId: id }, now))?.username, 'wg01');
  await endSession(store, id);
  assert.equal(await loadSessionUser(store, { accountId: wg01, sessionId: id }, now), null);
});

test('a cookie without a session id, or with another account, gets no user', async (t) => {
  const store = await given(t);
  if (!store) return;
  const id = await createSession(store, wg01, client, now);
  assert.equal(await loadSessionUser(store, { accountId: wg01, sessionId: undefined }, now), null);
  assert.equal(await loadSessionUser(store, { accountId: wg02, sessionId: id }, now), null);
  assert.equal(await loadSessionUser(store, { accountId: wg01, sessionId: 'made-up' }, now), null);
});

test('sessions end after 8 idle hours and 12 hours after sign-in', async (t) => {
  const store = await given(t);
  if (!store) return;
  const idle = await createSession(store, wg01, client, now);
  assert.equal(await isSessionLive(store, idle, wg01, at(8 * HOUR + 1000)), false);
  const busy = await createSession(store, wg01, client, now);
  for (let h = 1; h <= 11; h++) assert.equal(await isSessionLive(store, busy, wg01, at(h * HOUR)), true, `hour ${h}`);
  assert.equal(await isSessionLive(store, busy, wg01, at(12 * HOUR + 1000)), false);
});

test('last-seen is written at most every few minutes', async (t) => {
  const store = await given(t);
  if (!store) return;
  const id = await createSession(store, wg01, client, now);
  await isSessionLive(store, id, wg01, at(TOUCH_EVERY_MS - 1000));
  assert.equal((await sessionRow(store, id))!.lastSeenAt.getTime(), now.getTime());
  await isSessionLive(store, id, wg01, at(TOUCH_EVERY_MS + 1000));
  assert.equal((await sessionRow(store, id))!.lastSeenAt.getTime(), at(TOUCH_EVERY_MS + 1000).getTime());
});

test("ending all of an account's sessions can keep the current one, and leaves other accounts alone", async (t) => {
  const store = await given(t);
  if (!store) return;
  const phone = await createSession(store, wg01, client, now);
  const desk = await createSession(store, wg01, client, now);
  const other = await createSession(store, wg02, client, now);
  assert.equal(await store.write((tx) => endAccountSessions(tx, wg01, desk)), 1);
  assert.equal(await isSessionLive(store, phone, wg01, now), false);
  assert.equal(await isSessionLive(store, desk, wg01, now), true);
  await store.write((tx) => endAccountSessions(tx, wg01));
  assert.equal(await isSessionLive(store, desk, wg01, now), false);
  assert.equal(await isSessionLive(store, other, wg02, now), true);
});

test('disabling an account ends all its sessions at once', async (t) => {
  const store = await given(t);
  if (!store) return;
  const a = await createSession(store, wg01, client, now);
  const b = await createSession(store, wg01, client, now);
  await store.write((tx) => tx.update(accounts).set({ active: false }).where(eq(accounts.id, wg01)));
  assert.equal((await store.db.select().from(sessions).where(eq(sessions.accountId, wg01))).length, 0);
  assert.equal((await isSessionLive(store, a, wg01, now)) || (await isSessionLive(store, b, wg01, now)), false);
});

test('the admin list shows accounts with live sessions, with their count', async (t) => {
  const store = await given(t);
  if (!store) return;
  await createSession(store, wg01, client, now);
  await createSession(store, wg01, client, at(60_000));
  await createSession(store, wg02, client, at(-13 * HOUR));
  const list = await listAccountsWithSessions(store.db, at(2 * 60_000));
  assert.deepEqual(list.map((r) => [r.username, r.sessions]), [['wg01', 2]]);
  assert.equal(list[0]!.lastSeenAt.getTime(), at(60_000).getTime());
});

test('20 browsers signing in at once get 20 sessions, all listed', async (t) => {
  const store = await given(t);
  if (!store) return;
  const ids = await Promise.all(Array.from({ length: 20 }, () => createSession(store, wg01, client, now)));
  assert.equal(new Set(ids).size, 20);
  const checks = await Promise.all(ids.map((id) => isSessionLive(store, id, wg01, now)));
  assert.deepEqual(checks, Array(20).fill(true));
  assert.deepEqual((await listAccountsWithSessions(store.db, now)).map((r) => [r.username, r.sessions]), [['wg01', 20]]);
});

test('a session revoked while requests are in flight is refused by the next request, and no touch brings it back', async (t) => {
  const store = await given(t);
  if (!store) return;
  const id = await createSession(store, wg01, client, now);
  // Twenty requests due a last-seen touch race the admin's "sign out everywhere" (as from other servers).
  const later = at(TOUCH_EVERY_MS + 1000);
  const [, ...inFlight] = await Promise.all([
    store.write((tx) => endAccountSessions(tx, wg01)),
    ...Array.from({ length: 20 }, () => loadSessionUser(store, { accountId: wg01, sessionId: id }, later)),
  ]);
  // Each in-flight request saw the session either before or after the revocation, never a half.
  for (const user of inFlight) assert.ok(user === null || user.username === 'wg01');
  assert.equal(await sessionRow(store, id), undefined, 'the row is gone');
  assert.equal(await loadSessionUser(store, { accountId: wg01, sessionId: id }, later), null, 'the next request is refused');
});

// Legacy synchronous transactions exist on SQLite only.
if (ENGINE === 'sqlite') test('transition (SQLite): ending sessions inside a legacy synchronous transaction is refused, not silently done after it', async (t) => {
  const store = await given(t);
  if (!store) return;
  const { openTestDatabase } = await import('@/db/testing');
  const legacy = openTestDatabase();
  try {
    let refused: Promise<number> | undefined;
    legacy.db.transaction((tx) => {
      refused = endAccountSessions(tx, wg01);
    }, { behavior: 'immediate' });
    await assert.rejects(refused!, /inside a synchronous db.transaction/);
  } finally {
    legacy.close();
  }
});
