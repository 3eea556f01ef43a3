// Account management on the demo community: who may create, change, reset and disable which account, and the audit trail.
import assert from 'node:assert/strict';
import { after, test, type TestContext } from 'node:test';
import { and, count, eq, like } from 'drizzle-orm';
import { accounts, orgNodes, partyMembers, ROLES, units, type Role } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import * as t from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { authenticate } from '@/lib/auth/authenticate';
import { loadSessionUser, loadUser, loadUserSync, type CurrentUser } from '@/lib/auth/load-user';
import { createSession, isSessionLive } from '@/lib/auth/sessions';
import {
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

// On the engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL, a verified copy of the
// same demo): the demo's people and places are read from the SQLite fixture at load (loadUserSync), everything the
// commands write, and every check of it, goes through the store.
const fixture = openTestDatabase({ demo: true });
const db = fixture.db;
after(fixture.close);
const storeFor = registerTestStore({ source: fixture });
let store: Store;
/** The store of this test, or false when PostgreSQL is missing (the test is then skipped with the reason). */
function use(tc: TestContext): boolean {
  const s = storeFor(tc);
  if (s) store = s;
  return s !== undefined;
}
const now = new Date('2026-11-24T09:00:00+08:00');

const user = (username: string): CurrentUser => {
  const row = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get();
  assert.ok(row, `demo account ${username}`);
  return loadUserSync(db, row.id)!;
};
const node = (name: string) => db.select().from(orgNodes).where(eq(orgNodes.name, name)).get()!;
const accountId = (username: string) => user(username).id;
const counts = async (d: AppDb) => ({ accounts: (await d.select({ n: count() }).from(t.accounts))[0]!.n, audit: (await d.select({ n: count() }).from(t.auditLog))[0]!.n });
const accountRow = async (id: number) => (await store.db.select().from(t.accounts).where(eq(t.accounts.id, id)))[0]!;
const auditOf = (where: ReturnType<typeof eq>) => store.db.select().from(t.auditLog).where(where).orderBy(t.auditLog.id);
const scopeOf = async (accountId: number) => (await store.db.select({ nodeId: t.accountScopes.nodeId }).from(t.accountScopes).where(eq(t.accountScopes.accountId, accountId))).map((s) => s.nodeId);
const retire = (nodeId: number, retiredAt: Date | null) => store.write(async (tx) => tx.update(t.orgNodes).set({ retiredAt }).where(eq(t.orgNodes.id, nodeId)));

let serial = 0;
function input(role: Role, nodeIds: number[], extra: Partial<CreateAccountInput> = {}): CreateAccountInput {
  serial += 1;
  return createAccountSchema.parse({ username: `new${serial}`, displayName: `新账号${serial}`, phone: '', role, nodeIds, ...extra });
}
const okId = (r: AccountResult) => {
  assert.equal(r.ok, true, JSON.stringify(r));
  return (r as { accountId: number }).accountId;
};
const refusedField = (r: AccountResult) => {
  assert.equal(r.ok, false, 'refused');
  return r.ok === false && r.reason === 'invalid' ? Object.keys(r.fieldErrors ?? {}) : r.ok === false ? [r.reason] : [];
};

const longhu = node('龙湖社区');
const fuqian = node('府前社区');
const gridA = node('龙盛华庭'); // 龙湖社区, wg01
const gridB = node('府前花园'); // 府前社区
const county = node('新绛县');
const township = node('龙兴镇');

test('an administrator creates every role within their scope; each gets a one-time password that signs in once and must be changed', async (tc) => {
  if (!use(tc)) return;
  const admin = user('admin');
  const unit = db.select().from(units).where(eq(units.name, '国网新绛县供电公司')).get()!;
  const made: [Role, number[], Partial<CreateAccountInput>][] = [
    ['admin', [township.id], {}],
    ['secretary', [longhu.id], {}],
    ['grid_worker', [gridA.id, gridB.id], { phone: '13912345601' }],
    ['party_member', [gridA.id], {}],
    ['unit_liaison', [], { unitId: unit.id }],
  ];
  for (const [role, nodeIds, extra] of made) {
    const result = await createAccount(store, admin, input(role, nodeIds, extra), now);
    const id = okId(result);
    const otp = (result as { oneTimePassword: string }).oneTimePassword;
    assert.match(otp, /^[a-z2-9]{10}$/);
    const row = await accountRow(id);
    assert.equal(row.role, role);
    assert.equal(row.mustChangePassword, true, `${role}: must change the one-time password`);
    assert.equal((await authenticate(store, { login: row.username, password: otp }, '192.0.2.1', now)).ok, true);
    const scope = await scopeOf(id);
    assert.deepEqual(scope.sort(), role === 'unit_liaison' ? [unit.nodeId] : [...nodeIds].sort());
    const [audit] = await auditOf(and(eq(t.auditLog.action, 'create_account'), eq(t.auditLog.subject, `account:${id}`))!);
    assert.equal(audit!.accountId, admin.id);
    const detail = JSON.parse(audit!.detail!);
    assert.deepEqual(detail.role, [null, role]);
    assert.deepEqual(detail.mustChangePassword, [null, true]);
    assert.ok(!JSON.stringify(detail).includes(otp), 'the password is never in the log');
  }
});

test('a secretary creates grid workers and party members in their community, never an admin, a secretary, a liaison or anyone outside it', async (tc) => {
  if (!use(tc)) return;
  const shuji = user('shuji');
  okId(await createAccount(store, shuji, input('grid_worker', [gridA.id]), now));
  okId(await createAccount(store, shuji, input('party_member', [gridA.id]), now));
  const before = await counts(store.db);
  const unit = db.select().from(units).where(eq(units.name, '国网新绛县供电公司')).get()!;
  for (const role of ['admin', 'secretary', 'unit_liaison'] as const) {
    assert.deepEqual(refusedField(await createAccount(store, shuji, input(role, [longhu.id], { unitId: unit.id }), now)), ['role'], role);
  }
  assert.deepEqual(refusedField(await createAccount(store, shuji, input('grid_worker', [gridB.id]), now)), ['nodeIds'], 'a grid of 府前社区');
  assert.deepEqual(refusedField(await createAccount(store, shuji, input('grid_worker', [gridA.id, gridB.id]), now)), ['nodeIds'], 'one grid outside is enough to refuse');
  assert.deepEqual(refusedField(await createAccount(store, shuji, input('grid_worker', [longhu.id]), now)), ['nodeIds'], 'a grid worker acts for grids');
  assert.deepEqual(refusedField(await createAccount(store, shuji, input('party_member', [township.id]), now)), ['nodeIds']);
  assert.deepEqual(await counts(store.db), before, 'refused requests store nothing, not even an audit row');
});

test('a township secretary manages grid workers of every community in the township, and no administrator', async (tc) => {
  if (!use(tc)) return;
  const zhen = user('zhenshuji');
  okId(await createAccount(store, zhen, input('grid_worker', [gridA.id, gridB.id]), now));
  assert.ok(await getManagedAccount(store.db, zhen, accountId('wg21')), '府前社区');
  assert.ok(await getManagedAccount(store.db, zhen, accountId('wg01')), '龙湖社区');
  assert.equal(await getManagedAccount(store.db, zhen, accountId('shuji')), null, 'a community secretary is not theirs to manage');
  assert.deepEqual(refusedField(await createAccount(store, zhen, input('admin', [township.id]), now)), ['role']);
  assert.deepEqual(refusedField(await createAccount(store, zhen, input('secretary', [longhu.id]), now)), ['role']);
});

test('roles without account management can create nothing; an administrator of a township cannot create above it', async (tc) => {
  if (!use(tc)) return;
  for (const username of ['wg01', 'dy01', 'dw01']) {
    for (const role of ROLES) assert.deepEqual(refusedField(await createAccount(store, user(username), input(role, [gridA.id]), now)), ['role'], `${username} → ${role}`);
  }
  const admin = user('admin');
  const townAdminId = okId(await createAccount(store, admin, input('admin', [township.id]), now));
  const townAdmin = (await loadUser(store.db, townAdminId))!;
  assert.deepEqual(refusedField(await createAccount(store, townAdmin, input('admin', [county.id]), now)), ['nodeIds'], 'no wider than themselves');
  okId(await createAccount(store, townAdmin, input('secretary', [fuqian.id]), now));
  // …and cannot touch the county's administrator, who acts above them.
  assert.deepEqual(refusedField(await setAccountActive(store, townAdmin, admin.id, false, now)), ['not_found']);
});

test('nobody raises their own role, widens their own scope, resets or disables themselves', async (tc) => {
  if (!use(tc)) return;
  for (const username of ['admin', 'zhenshuji', 'shuji']) {
    const me = user(username);
    const before = await counts(store.db);
    const wider = updateAccountSchema.parse({ accountId: me.id, displayName: me.displayName, role: 'admin', nodeIds: [county.id] });
    assert.deepEqual(refusedField(await updateAccount(store, me, wider, now)), ['not_found'], `${username}: own role and scope`);
    assert.deepEqual(refusedField(await resetPassword(store, me, me.id, now)), ['not_found']);
    assert.deepEqual(refusedField(await setAccountActive(store, me, me.id, false, now)), ['not_found']);
    assert.equal(await getManagedAccount(store.db, me, me.id), null);
    assert.deepEqual(await counts(store.db), before);
    assert.equal((await loadUser(store.db, me.id))?.role, me.role);
  }
  // A secretary cannot lift a grid worker to secretary (the next step would be their own peer) or move them out of the community.
  const shuji = user('shuji');
  const wg01 = user('wg01');
  const lift = updateAccountSchema.parse({ accountId: wg01.id, displayName: wg01.displayName, role: 'secretary', nodeIds: [longhu.id] });
  assert.deepEqual(refusedField(await updateAccount(store, shuji, lift, now)), ['role']);
  const away = updateAccountSchema.parse({ accountId: wg01.id, displayName: wg01.displayName, role: 'grid_worker', nodeIds: [gridB.id] });
  assert.deepEqual(refusedField(await updateAccount(store, shuji, away, now)), ['nodeIds']);
});

test('a secretary cannot see into or change accounts of other communities, of secretaries or of administrators', async (tc) => {
  if (!use(tc)) return;
  const shuji = user('shuji');
  for (const username of ['wg21', 'fqshuji', 'zhenshuji', 'admin', 'dw01']) {
    const id = accountId(username);
    assert.equal(await getManagedAccount(store.db, shuji, id), null, username);
    assert.deepEqual(refusedField(await resetPassword(store, shuji, id, now)), ['not_found'], username);
    assert.deepEqual(refusedField(await setAccountActive(store, shuji, id, false, now)), ['not_found'], username);
  }
  const listed = (await listAccountsInScope(store.db, shuji, {})).items;
  assert.ok(listed.some((a) => a.username === 'wg01' && a.manageable));
  assert.ok(listed.some((a) => a.username === 'shuji' && !a.manageable), 'their own account is listed, not editable');
  assert.ok(!listed.some((a) => a.username === 'wg21' || a.username === 'fqshuji' || a.username === 'admin'));
  assert.deepEqual(
    (await listAccountsInScope(store.db, shuji, { q: 'wg0', role: 'grid_worker' })).items.map((a) => a.username).sort(),
    ['wg01', 'wg02', 'wg03', 'wg04', 'wg05', 'wg06', 'wg07', 'wg08', 'wg09'],
  );
  assert.ok((await listAccountsInScope(store.db, user('admin'), { q: 'wg21' })).items.some((a) => a.username === 'wg21' && a.manageable));
});

test('a reset password is one-time: all sessions end, the old password stops working, the next sign-in must change it', async (tc) => {
  if (!use(tc)) return;
  const shuji = user('shuji');
  const id = okId(await createAccount(store, shuji, input('grid_worker', [gridA.id]), now));
  await store.write(async (tx) => tx.update(t.accounts).set({ mustChangePassword: false }).where(eq(t.accounts.id, id)));
  const session = await createSession(store, id, { ip: null, userAgent: null }, now);
  const result = await resetPassword(store, shuji, id, now);
  okId(result);
  const otp = (result as { oneTimePassword: string }).oneTimePassword;
  assert.equal(await isSessionLive(store, session, id, now), false);
  const row = await accountRow(id);
  assert.equal(row.mustChangePassword, true);
  assert.equal((await authenticate(store, { login: row.username, password: otp }, '192.0.2.2', now)).ok, true);
  const [audit] = await auditOf(and(eq(t.auditLog.action, 'reset_password'), eq(t.auditLog.subject, `account:${id}`))!);
  assert.deepEqual(JSON.parse(audit!.detail!), { mustChangePassword: [false, true], note: '已发放一次性密码' });
  // A signed-in one-time password holder is marked for the gate (current-user.ts) to send to /account/password.
  const fresh = await createSession(store, id, { ip: null, userAgent: null }, now);
  assert.equal((await loadSessionUser(store, { accountId: id, sessionId: fresh }, now))?.mustChangePassword, true);
});

test('a disabled account is refused on its next request and at sign-in; enabling it lets it back in; both are audited', async (tc) => {
  if (!use(tc)) return;
  const shuji = user('shuji');
  const result = await createAccount(store, shuji, input('grid_worker', [gridA.id]), now);
  const id = okId(result);
  const otp = (result as { oneTimePassword: string }).oneTimePassword;
  const session = await createSession(store, id, { ip: null, userAgent: null }, now);
  assert.ok(await loadSessionUser(store, { accountId: id, sessionId: session }, now));
  okId(await setAccountActive(store, shuji, id, false, now));
  assert.equal(await loadSessionUser(store, { accountId: id, sessionId: session }, now), null, 'the very next request');
  const { username } = await accountRow(id);
  assert.equal((await authenticate(store, { login: username, password: otp }, '192.0.2.3', now)).ok, false);
  okId(await setAccountActive(store, shuji, id, true, now));
  assert.equal((await authenticate(store, { login: username, password: otp }, '192.0.2.3', now)).ok, true);
  const audit = await auditOf(eq(t.auditLog.subject, `account:${id}`));
  assert.deepEqual(
    audit.map((a) => [a.action, JSON.parse(a.detail!).active ?? null]),
    [
      ['create_account', [null, true]],
      ['disable_account', [true, false]],
      ['enable_account', [false, true]],
    ],
  );
  // Disabling twice is no change and no second row.
  okId(await setAccountActive(store, shuji, id, true, now));
  assert.equal((await auditOf(eq(t.auditLog.subject, `account:${id}`))).length, 3);
});

test('changing role and scope records before → after of the changed fields only and signs the holder out', async (tc) => {
  if (!use(tc)) return;
  const admin = user('admin');
  const id = okId(await createAccount(store, admin, input('grid_worker', [gridA.id], { phone: '13912345602' }), now));
  const session = await createSession(store, id, { ip: null, userAgent: null }, now);
  const grid2 = node('龙湖花园');
  const change = updateAccountSchema.parse({ accountId: id, displayName: '王改名', phone: '13912345602', role: 'party_member', nodeIds: [grid2.id] });
  okId(await updateAccount(store, admin, change, now));
  const row = await accountRow(id);
  assert.equal(row.role, 'party_member');
  assert.equal(row.displayName, '王改名');
  assert.equal(await isSessionLive(store, session, id, now), false, 'new rights start with a new sign-in');
  const [audit] = await auditOf(and(eq(t.auditLog.action, 'update_account'), eq(t.auditLog.subject, `account:${id}`))!);
  assert.deepEqual(JSON.parse(audit!.detail!), {
    displayName: [`新账号${serial}`, '王改名'],
    role: ['grid_worker', 'party_member'],
    scopeNodeIds: [[gridA.id], [grid2.id]],
  });
  // The same values again: nothing to record.
  okId(await updateAccount(store, admin, change, now));
  assert.equal((await auditOf(and(eq(t.auditLog.action, 'update_account'), eq(t.auditLog.subject, `account:${id}`))!)).length, 1);
});

test("editing a party member's account keeps its link to the party-member record", async (tc) => {
  if (!use(tc)) return;
  const shuji = user('shuji');
  const dy01 = db.select().from(accounts).where(eq(accounts.username, 'dy01')).get()!;
  const nodeIds = await scopeOf(dy01.id);
  okId(await updateAccount(store, shuji, updateAccountSchema.parse({ accountId: dy01.id, displayName: `${dy01.displayName}`, phone: dy01.phone ?? '', role: 'party_member', nodeIds, unitId: '' }), now));
  assert.equal((await accountRow(dy01.id)).partyMemberId, dy01.partyMemberId);
  assert.ok(dy01.partyMemberId);
});

test('bad input is refused with a Chinese message per field and stores nothing', async (tc) => {
  if (!use(tc)) return;
  const admin = user('admin');
  const bad = (raw: Record<string, unknown>) => {
    const r = createAccountSchema.safeParse({ username: 'okname', displayName: '张三', role: 'grid_worker', nodeIds: [gridA.id], ...raw });
    return r.success ? [] : r.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
  };
  assert.deepEqual(bad({ username: 'ab' }), ['username: 账号至少3位']);
  assert.deepEqual(bad({ username: '张三丰' }), ['username: 账号只能包含字母、数字、下划线、点和横线']);
  assert.deepEqual(bad({ username: '13900000009' }), ['username: 账号不能是手机号，手机号请填在“手机”一栏']);
  assert.deepEqual(bad({ displayName: '  ' }), ['displayName: 请填写姓名']);
  assert.deepEqual(bad({ phone: '12345' }), ['phone: 电话号码格式不正确（11位手机号或带区号的座机）']);
  assert.deepEqual(bad({ role: 'root' }), ['role: 请选择角色']);
  const before = await counts(store.db);
  const wg01 = db.select().from(accounts).where(eq(accounts.username, 'wg01')).get()!;
  assert.deepEqual(refusedField(await createAccount(store, admin, input('grid_worker', [gridA.id], { username: 'wg01' }), now)), ['username']);
  assert.deepEqual(refusedField(await createAccount(store, admin, input('grid_worker', [gridA.id], { phone: wg01.phone! }), now)), ['phone']);
  assert.deepEqual(refusedField(await createAccount(store, admin, input('grid_worker', [999999]), now)), ['nodeIds']);
  assert.deepEqual(refusedField(await createAccount(store, admin, input('grid_worker', []), now)), ['nodeIds']);
  assert.deepEqual(refusedField(await createAccount(store, admin, input('unit_liaison', [longhu.id]), now)), ['unitId']);
  const taken = db.select({ partyMemberId: accounts.partyMemberId }).from(accounts).where(eq(accounts.username, 'dy01')).get()!.partyMemberId!;
  assert.deepEqual(refusedField(await createAccount(store, admin, input('party_member', [gridA.id], { partyMemberId: taken }), now)), ['partyMemberId']);
  const outside = db.select().from(partyMembers).where(like(partyMembers.nodePath, `${fuqian.path}%`)).get();
  assert.ok(outside, 'a party member of 府前社区');
  assert.deepEqual(refusedField(await createAccount(store, user('shuji'), input('party_member', [gridA.id], { partyMemberId: outside.id }), now)), ['partyMemberId']);
  await retire(node('龙湖村东片').id, now);
  assert.deepEqual(refusedField(await createAccount(store, admin, input('grid_worker', [node('龙湖村东片').id]), now)), ['nodeIds'], 'a retired grid');
  await retire(node('龙湖村东片').id, null);
  assert.deepEqual(await counts(store.db), before);
});
