// Changing one's own password, on the engine of this test process (npm run test:unit: SQLite; test:unit:pg: PostgreSQL).
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { accounts, auditLog, sessions, signInAttempts } from '@/db/tables';
import { authenticate } from './authenticate';
import { changePassword } from './change-password';
import { hashPassword } from './password';
import { FREE_FAILURES } from './rate-limit';
import { changePasswordSchema } from './schemas';
import { createSession, isSessionLive } from './sessions';

const storeFor = registerTestStore();
const now = new Date('2026-11-24T09:00:00+08:00');
let n = 0;
const client = { ip: '192.0.2.1', userAgent: null };

// A fresh account per test: accounts with audit rows can never be deleted (the log is append-only).
async function given(t: TestContext): Promise<{ store: Store; id: number; username: string } | undefined> {
  const store = storeFor(t);
  if (!store) return undefined;
  const username = `wg${++n}`;
  const id = await store.write(async (tx) => {
    await tx.delete(signInAttempts);
    await tx.delete(sessions);
    const [row] = await tx
      .insert(accounts)
      .values({ username, displayName: '张丽娟', passwordHash: hashPassword('Old-pass-1'), role: 'grid_worker', createdAt: now })
      .returning({ id: accounts.id });
    return row!.id;
  });
  return { store, id, username };
}

const auditOf = (store: Store, id: number) => store.db.select().from(auditLog).where(eq(auditLog.subject, `account:${id}`)).orderBy(auditLog.id);

test('a new password works, the old one no longer does, and only the current session survives', async (t) => {
  const g = await given(t);
  if (!g) return;
  const { store, id, username } = g;
  const here = await createSession(store, id, client, now);
  const elsewhere = await createSession(store, id, client, now);
  const result = await changePassword(store, { id, sessionId: here }, { current: 'Old-pass-1', next: 'New-pass-2', confirm: 'New-pass-2' }, '192.0.2.1', now);
  assert.deepEqual(result, { ok: true, endedSessions: 1 });
  assert.equal(await isSessionLive(store, here, id, now), true);
  assert.equal(await isSessionLive(store, elsewhere, id, now), false);
  assert.equal((await authenticate(store, { login: username, password: 'Old-pass-1' }, '192.0.2.9', now)).ok, false);
  assert.equal((await authenticate(store, { login: username, password: 'New-pass-2' }, '192.0.2.9', now)).ok, true);
  assert.deepEqual(
    (await auditOf(store, id)).map((a) => [a.accountId, a.action, JSON.parse(a.detail ?? '{}')]),
    [[id, 'change_own_password', { note: '本人修改密码' }]],
    'the change is audited, without any trace of either password',
  );
});

test("choosing one's own password spends a one-time password; the audit row says so", async (t) => {
  const g = await given(t);
  if (!g) return;
  const { store, id } = g;
  await store.write((tx) => tx.update(accounts).set({ mustChangePassword: true }).where(eq(accounts.id, id)));
  const here = await createSession(store, id, client, now);
  const result = await changePassword(store, { id, sessionId: here }, { current: 'Old-pass-1', next: 'New-pass-2', confirm: 'New-pass-2' }, '192.0.2.1', now);
  assert.equal(result.ok, true);
  const [account] = await store.db.select().from(accounts).where(eq(accounts.id, id));
  assert.equal(account?.mustChangePassword, false);
  const [audit] = await auditOf(store, id);
  assert.deepEqual(JSON.parse(audit?.detail ?? '{}'), { mustChangePassword: [true, false], note: '本人修改密码' });
});

test('a wrong current password changes nothing and counts as a failure', async (t) => {
  const g = await given(t);
  if (!g) return;
  const { store, id } = g;
  const here = await createSession(store, id, client, now);
  const elsewhere = await createSession(store, id, client, now);
  const wrong = await changePassword(store, { id, sessionId: here }, { current: 'guess', next: 'New-pass-2', confirm: 'New-pass-2' }, '192.0.2.1', now);
  assert.equal(wrong.ok, false);
  assert.equal(await isSessionLive(store, elsewhere, id, now), true);
  for (let i = 1; i < FREE_FAILURES; i++) await changePassword(store, { id, sessionId: here }, { current: `guess${i}`, next: 'New-pass-2', confirm: 'New-pass-2' }, '192.0.2.1', now);
  const locked = await changePassword(store, { id, sessionId: here }, { current: 'Old-pass-1', next: 'New-pass-2', confirm: 'New-pass-2' }, '192.0.2.1', now);
  assert.deepEqual(locked, { ok: false, message: '登录失败次数过多，请 1 分钟后再试。' });
  assert.equal((await auditOf(store, id)).length, 0, 'a refused change is not a change');
});

test('20 parallel guesses at the current password through a stolen session: exactly the budget is tried', async (t) => {
  const g = await given(t);
  if (!g) return;
  const { store, id } = g;
  const here = await createSession(store, id, client, now);
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => changePassword(store, { id, sessionId: here }, { current: `guess${i}`, next: 'New-pass-2', confirm: 'New-pass-2' }, '192.0.2.1', now)),
  );
  assert.equal(results.filter((r) => !r.ok && r.message === '当前密码不正确。').length, FREE_FAILURES);
  assert.equal(results.filter((r) => !r.ok && r.message.startsWith('登录失败次数过多')).length, 20 - FREE_FAILURES);
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
