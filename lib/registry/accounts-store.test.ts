// The account commands on the engine of this test process (test:unit SQLite, test:unit:pg PostgreSQL): who may
// create, change, reset and disable which account, the audit trail, and that one username is given once even when
// asked for at the same moment. Signing in with the result (lib/auth, SQLite) is in accounts.test.ts.
import assert from 'node:assert/strict';
import { after, test, type TestContext } from 'node:test';
import { and, count, eq } from 'drizzle-orm';
import { accounts as fixtureAccounts, orgNodes as fixtureNodes, type Role } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { accountScopes, accounts, auditLog, sessions, units } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync, type CurrentUser } from '@/lib/auth/load-user';
import { verifyPassword } from '@/lib/auth/password';
import {
  accountCountsByRole,
  accountFormChoices,
  createAccount,
  createAccountSchema,
  getManagedAccount,
  listAccountsInScope,
  resetPassword,
  setAccountActive,
  updateAccount,
  updateAccountSchema,
  type AccountResult,
  type CreateAccountInput,
} from './accounts';

const storeFor = registerTestStore({ demo: true });
// Who is who and the tree, from the same demo generated into SQLite (loadUser has not moved to the store yet).
const { db: fixtures, close } = openTestDatabase({ demo: true });
after(close);
let store: Store;
let db: AppDb;
function use(t: TestContext): boolean {
  const s = storeFor(t);
  if (!s) return false;
  [store, db] = [s, s.db];
  return true;
}
const now = new Date('2026-11-24T09:00:00+08:00');
const user = (username: string): CurrentUser => loadUserSync(fixtures, fixtures.select({ id: fixtureAccounts.id }).from(fixtureAccounts).where(eq(fixtureAccounts.username, username)).get()!.id)!;
const node = (name: string) => fixtures.select().from(fixtureNodes).where(eq(fixtureNodes.name, name)).get()!;
const longhu = node('龙湖社区');
const gridA = node('龙盛华庭'); // 龙湖社区
const gridB = node('府前花园'); // 府前社区
const township = node('龙兴镇');
const counts = async () => ({ accounts: (await db.select({ n: count() }).from(accounts))[0]!.n, audit: (await db.select({ n: count() }).from(auditLog))[0]!.n });

let serial = 0;
function input(role: Role, nodeIds: number[], extra: Partial<CreateAccountInput> = {}): CreateAccountInput {
  serial += 1;
  return createAccountSchema.parse({ username: `store${serial}`, displayName: `新账号${serial}`, phone: '', role, nodeIds, ...extra });
}
const okId = (r: AccountResult) => {
  assert.equal(r.ok, true, JSON.stringify(r));
  return (r as { accountId: number }).accountId;
};
const refusedField = (r: AccountResult) => {
  assert.equal(r.ok, false, 'refused');
  return r.ok === false && r.reason === 'invalid' ? Object.keys(r.fieldErrors ?? {}) : r.ok === false ? [r.reason] : [];
};
async function addSession(accountId: number, id: string) {
  await store.write(async (tx) => {
    await tx.insert(sessions).values({ id, accountId, createdAt: now, lastSeenAt: now, ip: null, userAgent: null });
  });
}
const sessionsOf = async (accountId: number) => (await db.select({ n: count() }).from(sessions).where(eq(sessions.accountId, accountId)))[0]!.n;

test('an administrator creates every role within their scope, each with a one-time password to change, audited without it', async (t) => {
  if (!use(t)) return;
  const admin = user('admin');
  const [unit] = await db.select().from(units).where(eq(units.name, '国网新绛县供电公司'));
  const made: [Role, number[], Partial<CreateAccountInput>][] = [
    ['admin', [township.id], {}],
    ['secretary', [longhu.id], {}],
    ['grid_worker', [gridA.id, gridB.id], { phone: '13912345681' }],
    ['party_member', [gridA.id], {}],
    ['unit_liaison', [], { unitId: unit!.id }],
  ];
  for (const [role, nodeIds, extra] of made) {
    const result = await createAccount(store, admin, input(role, nodeIds, extra), now);
    const id = okId(result);
    const otp = (result as { oneTimePassword: string }).oneTimePassword;
    assert.match(otp, /^[a-z2-9]{10}$/);
    const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
    assert.deepEqual([row!.role, row!.mustChangePassword, row!.active], [role, true, true]);
    assert.equal(await verifyPassword(otp, row!.passwordHash), true);
    const scope = (await db.select({ nodeId: accountScopes.nodeId }).from(accountScopes).where(eq(accountScopes.accountId, id))).map((s) => s.nodeId);
    assert.deepEqual(scope.sort((a, b) => a - b), role === 'unit_liaison' ? [unit!.nodeId] : [...nodeIds].sort((a, b) => a - b));
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'create_account'), eq(auditLog.subject, `account:${id}`)));
    assert.equal(audit!.accountId, admin.id);
    const detail = JSON.parse(audit!.detail!);
    assert.deepEqual(detail.role, [null, role]);
    assert.ok(!JSON.stringify(detail).includes(otp), 'the password is never in the log');
  }
});

test('a secretary is refused other roles and places, storing nothing; lists and details stay within their scope', async (t) => {
  if (!use(t)) return;
  const shuji = user('shuji');
  const before = await counts();
  for (const role of ['admin', 'secretary'] as const) assert.deepEqual(refusedField(await createAccount(store, shuji, input(role, [longhu.id]), now)), ['role'], role);
  assert.deepEqual(refusedField(await createAccount(store, shuji, input('grid_worker', [gridB.id]), now)), ['nodeIds']);
  assert.deepEqual(refusedField(await createAccount(store, shuji, input('grid_worker', [longhu.id]), now)), ['nodeIds']);
  assert.deepEqual(await counts(), before);
  const listed = (await listAccountsInScope(db, shuji, {})).items;
  assert.ok(listed.some((a) => a.username === 'wg01' && a.manageable));
  assert.ok(listed.some((a) => a.username === 'shuji' && !a.manageable));
  assert.ok(!listed.some((a) => a.username === 'wg21' || a.username === 'fqshuji' || a.username === 'admin'));
  const wg01 = listed.find((a) => a.username === 'wg01')!;
  assert.equal(wg01.scopeNames, '龙盛华庭', 'scope names joined on both engines');
  assert.deepEqual(
    (await listAccountsInScope(db, shuji, { q: 'wg0', role: 'grid_worker' })).items.map((a) => a.username).sort(),
    ['wg01', 'wg02', 'wg03', 'wg04', 'wg05', 'wg06', 'wg07', 'wg08', 'wg09'],
  );
  // Letters match in either case, on both engines; % and _ are taken literally.
  assert.deepEqual((await listAccountsInScope(db, shuji, { q: 'WG01' })).items.map((a) => a.username), ['wg01']);
  assert.deepEqual((await listAccountsInScope(db, shuji, { q: 'wg_1' })).items, []);
  assert.equal(await getManagedAccount(db, shuji, user('fqshuji').id), null);
  assert.equal((await getManagedAccount(db, shuji, wg01.id))?.username, 'wg01');
  assert.ok(((await accountCountsByRole(db, shuji)).grid_worker ?? 0) >= 9);
  assert.ok((await accountFormChoices(db, shuji)).scopes.every((s) => s.path.startsWith(longhu.path)));
});

test('reset, disable and enable end sessions and are audited; changing role and scope records the changed fields only', async (t) => {
  if (!use(t)) return;
  const shuji = user('shuji');
  const id = okId(await createAccount(store, shuji, input('grid_worker', [gridA.id], { phone: '13912345682' }), now));
  await addSession(id, `s-reset-${id}`);
  const reset = await resetPassword(store, shuji, id, now);
  okId(reset);
  assert.equal(await sessionsOf(id), 0);
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  assert.equal(await verifyPassword((reset as { oneTimePassword: string }).oneTimePassword, row!.passwordHash), true);

  await addSession(id, `s-disable-${id}`);
  okId(await setAccountActive(store, shuji, id, false, now));
  assert.equal(await sessionsOf(id), 0);
  // Two concurrent enables: one changes the account and is audited, the other finds nothing to do.
  const both = await Promise.all([1, 2].map(() => setAccountActive(store, shuji, id, true, now)));
  both.forEach(okId);
  const audit = await db.select().from(auditLog).where(eq(auditLog.subject, `account:${id}`)).orderBy(auditLog.id);
  assert.deepEqual(
    audit.map((a) => a.action),
    ['create_account', 'reset_password', 'disable_account', 'enable_account'],
  );

  const grid2 = node('龙湖花园');
  await addSession(id, `s-update-${id}`);
  const change = updateAccountSchema.parse({ accountId: id, displayName: '王改名', phone: '13912345682', role: 'party_member', nodeIds: [grid2.id] });
  okId(await updateAccount(store, shuji, change, now));
  assert.equal(await sessionsOf(id), 0, 'new rights start with a new sign-in');
  const [updated] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'update_account'), eq(auditLog.subject, `account:${id}`)));
  assert.deepEqual(JSON.parse(updated!.detail!), { displayName: [`新账号${serial}`, '王改名'], role: ['grid_worker', 'party_member'], scopeNodeIds: [[gridA.id], [grid2.id]] });
  okId(await updateAccount(store, shuji, change, now));
  assert.equal((await db.select().from(auditLog).where(and(eq(auditLog.action, 'update_account'), eq(auditLog.subject, `account:${id}`)))).length, 1);
});

test('one username (or a phone used as one) asked for at the same moment: one account, the others refused by field', async (t) => {
  if (!use(t)) return;
  const admin = user('admin');
  const same = (i: number) => createAccountSchema.parse({ username: 'samename', displayName: `同名${i}`, phone: '', role: 'grid_worker', nodeIds: [gridA.id] });
  const results = await Promise.all([1, 2, 3, 4].map((i) => createAccount(store, admin, same(i), now)));
  assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
  for (const r of results) if (!r.ok) assert.deepEqual(refusedField(r), ['username']);
  assert.equal((await db.select().from(accounts).where(eq(accounts.username, 'samename'))).length, 1);
  // A phone is a login too: two accounts with one new phone at once, only one gets it.
  const withPhone = (i: number) => createAccountSchema.parse({ username: `phone${i}`, displayName: `手机${i}`, phone: '13912345699', role: 'grid_worker', nodeIds: [gridA.id] });
  const phones = await Promise.all([1, 2, 3].map((i) => createAccount(store, admin, withPhone(i), now)));
  assert.equal(phones.filter((r) => r.ok).length, 1, JSON.stringify(phones));
  for (const r of phones) if (!r.ok) assert.deepEqual(refusedField(r), ['phone']);
});
