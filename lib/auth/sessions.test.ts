import assert from 'node:assert/strict';
import { after, beforeEach, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { accounts, sessions } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { loadSessionUser } from './load-user';
import { hashPassword } from './password';
import { createSession, endAccountSessions, endSession, isSessionLive, listAccountsWithSessions, TOUCH_EVERY_MS } from './sessions';

const { db, close } = openTestDatabase();
after(close);

const now = new Date('2026-11-24T09:00:00+08:00');
const HOUR = 60 * 60 * 1000;
const at = (ms: number) => new Date(now.getTime() + ms);
let wg01 = 0;
let wg02 = 0;
const client = { ip: '192.0.2.1', userAgent: 'test' };

beforeEach(() => {
  db.delete(sessions).run();
  db.delete(accounts).run();
  const hash = hashPassword('x');
  [wg01, wg02] = db
    .insert(accounts)
    .values([
      { username: 'wg01', displayName: '张丽娟', passwordHash: hash, role: 'grid_worker', createdAt: now },
      { username: 'wg02', displayName: '王海燕', passwordHash: hash, role: 'grid_worker', createdAt: now },
    ])
    .returning({ id: accounts.id })
    .all()
    .map((r) => r.id) as [number, number];
});

test('a session is live until it is ended; a cookie naming an ended session gets no user', () => {
  const id = createSession(db, wg01, client, now);
  assert.equal(loadSessionUser(db, { accountId: wg01, sessionId: id }, now)?.username, 'wg01');
  endSession(db, id);
  assert.equal(loadSessionUser(db, { accountId: wg01, sessionId: id }, now), null);
});

test('a cookie without a session id, or with another account, gets no user', () => {
  const id = createSession(db, wg01, client, now);
  assert.equal(loadSessionUser(db, { accountId: wg01, sessionId: undefined }, now), null);
  assert.equal(loadSessionUser(db, { accountId: wg02, sessionId: id }, now), null);
  assert.equal(loadSessionUser(db, { accountId: wg01, sessionId: 'made-up' }, now), null);
});

test('sessions end after 8 idle hours and 12 hours after sign-in', () => {
  const idle = createSession(db, wg01, client, now);
  assert.equal(isSessionLive(db, idle, wg01, at(8 * HOUR + 1000)), false);
  const busy = createSession(db, wg01, client, now);
  for (let h = 1; h <= 11; h++) assert.equal(isSessionLive(db, busy, wg01, at(h * HOUR)), true, `hour ${h}`);
  assert.equal(isSessionLive(db, busy, wg01, at(12 * HOUR + 1000)), false);
});

test('last-seen is written at most every few minutes', () => {
  const id = createSession(db, wg01, client, now);
  isSessionLive(db, id, wg01, at(TOUCH_EVERY_MS - 1000));
  assert.equal(db.select().from(sessions).where(eq(sessions.id, id)).get()!.lastSeenAt.getTime(), now.getTime());
  isSessionLive(db, id, wg01, at(TOUCH_EVERY_MS + 1000));
  assert.equal(db.select().from(sessions).where(eq(sessions.id, id)).get()!.lastSeenAt.getTime(), at(TOUCH_EVERY_MS + 1000).getTime());
});

test('ending all of an account\'s sessions can keep the current one, and leaves other accounts alone', () => {
  const phone = createSession(db, wg01, client, now);
  const desk = createSession(db, wg01, client, now);
  const other = createSession(db, wg02, client, now);
  assert.equal(endAccountSessions(db, wg01, desk), 1);
  assert.equal(isSessionLive(db, phone, wg01, now), false);
  assert.equal(isSessionLive(db, desk, wg01, now), true);
  endAccountSessions(db, wg01);
  assert.equal(isSessionLive(db, desk, wg01, now), false);
  assert.equal(isSessionLive(db, other, wg02, now), true);
});

test('disabling an account ends all its sessions at once', () => {
  const a = createSession(db, wg01, client, now);
  const b = createSession(db, wg01, client, now);
  db.update(accounts).set({ active: false }).where(eq(accounts.id, wg01)).run();
  assert.equal(db.select().from(sessions).where(eq(sessions.accountId, wg01)).all().length, 0);
  assert.equal(isSessionLive(db, a, wg01, now) || isSessionLive(db, b, wg01, now), false);
});

test('the admin list shows accounts with live sessions, with their count', () => {
  createSession(db, wg01, client, now);
  createSession(db, wg01, client, at(60_000));
  createSession(db, wg02, client, at(-13 * HOUR));
  const list = listAccountsWithSessions(db, at(2 * 60_000));
  assert.deepEqual(list.map((r) => [r.username, r.sessions]), [['wg01', 2]]);
  assert.equal(list[0]!.lastSeenAt.getTime(), at(60_000).getTime());
});
