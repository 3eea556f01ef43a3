import assert from 'node:assert/strict';
import { after, beforeEach, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { accounts, auditLog, sessions, signInAttempts } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { authenticate } from './authenticate';
import { changePassword } from './change-password';
import { hashPassword } from './password';
import { FREE_FAILURES } from './rate-limit';
import { changePasswordSchema } from './schemas';
import { createSession, isSessionLive } from './sessions';

const { db, close } = openTestDatabase();
after(close);
const now = new Date('2026-11-24T09:00:00+08:00');
let id = 0;
let n = 0;
let username = '';
const client = { ip: '192.0.2.1', userAgent: null };

// A fresh account per test: accounts with audit rows can never be deleted (the log is append-only).
beforeEach(() => {
  db.delete(signInAttempts).run();
  db.delete(sessions).run();
  username = `wg${++n}`;
  id = db
    .insert(accounts)
    .values({ username, displayName: '张丽娟', passwordHash: hashPassword('Old-pass-1'), role: 'grid_worker', createdAt: now })
    .returning({ id: accounts.id })
    .get().id;
});

test('a new password works, the old one no longer does, and only the current session survives', async () => {
  const here = createSession(db, id, client, now);
  const elsewhere = createSession(db, id, client, now);
  const result = await changePassword(db, { id, sessionId: here }, { current: 'Old-pass-1', next: 'New-pass-2', confirm: 'New-pass-2' }, '192.0.2.1', now);
  assert.deepEqual(result, { ok: true, endedSessions: 1 });
  assert.equal(isSessionLive(db, here, id, now), true);
  assert.equal(isSessionLive(db, elsewhere, id, now), false);
  assert.equal((await authenticate(db, { login: username, password: 'Old-pass-1' }, '192.0.2.9', now)).ok, false);
  assert.equal((await authenticate(db, { login: username, password: 'New-pass-2' }, '192.0.2.9', now)).ok, true);
  const audit = db.select().from(auditLog).where(eq(auditLog.subject, `account:${id}`)).all();
  assert.deepEqual(
    audit.map((a) => [a.accountId, a.action, JSON.parse(a.detail ?? '{}')]),
    [[id, 'change_own_password', { note: '本人修改密码' }]],
    'the change is audited, without any trace of either password',
  );
});

test("choosing one's own password spends a one-time password; the audit row says so", async () => {
  db.update(accounts).set({ mustChangePassword: true }).where(eq(accounts.id, id)).run();
  const here = createSession(db, id, client, now);
  const result = await changePassword(db, { id, sessionId: here }, { current: 'Old-pass-1', next: 'New-pass-2', confirm: 'New-pass-2' }, '192.0.2.1', now);
  assert.equal(result.ok, true);
  assert.equal(db.select().from(accounts).where(eq(accounts.id, id)).get()?.mustChangePassword, false);
  const audit = db.select().from(auditLog).where(eq(auditLog.subject, `account:${id}`)).get();
  assert.deepEqual(JSON.parse(audit?.detail ?? '{}'), { mustChangePassword: [true, false], note: '本人修改密码' });
});

test('a wrong current password changes nothing and counts as a failure', async () => {
  const here = createSession(db, id, client, now);
  const elsewhere = createSession(db, id, client, now);
  const wrong = await changePassword(db, { id, sessionId: here }, { current: 'guess', next: 'New-pass-2', confirm: 'New-pass-2' }, '192.0.2.1', now);
  assert.equal(wrong.ok, false);
  assert.equal(isSessionLive(db, elsewhere, id, now), true);
  for (let i = 1; i < FREE_FAILURES; i++) await changePassword(db, { id, sessionId: here }, { current: `guess${i}`, next: 'New-pass-2', confirm: 'New-pass-2' }, '192.0.2.1', now);
  const locked = await changePassword(db, { id, sessionId: here }, { current: 'Old-pass-1', next: 'New-pass-2', confirm: 'New-pass-2' }, '192.0.2.1', now);
  assert.deepEqual(locked, { ok: false, message: '登录失败次数过多，请 1 分钟后再试。' });
  assert.equal(db.select().from(auditLog).where(eq(auditLog.subject, `account:${id}`)).all().length, 0, 'a refused change is not a change');
});

test('the new password must be long enough, mixed, confirmed and new', () => {
  const errors = (v: { current: string; next: string; confirm: string }) => {
    const r = changePasswordSchema.safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };
  assert.deepEqual(errors({ current: 'a', next: 'short1', confirm: 'short1' }), ['新密码至少 8 位']);
  assert.deepEqual(errors({ current: 'a', next: '12345678', confirm: '12345678' }), ['新密码须包含字母']);
  assert.deepEqual(errors({ current: 'a', next: 'abcd1234', confirm: 'abcd1235' }), ['两次输入的新密码不一致']);
  assert.deepEqual(errors({ current: 'abcd1234', next: 'abcd1234', confirm: 'abcd1234' }), ['新密码不能与当前密码相同']);
});
