// First run: what `npm run setup` writes into an empty database, and that it refuses any other; on the engine of
// this test process (test:unit SQLite, test:unit:pg PostgreSQL), each test on a database of its own.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { count, eq, inArray } from 'drizzle-orm';
import { registerTestStore } from '@/db/store-testing';
import type { AppDb, Store } from '@/db/store';
import { accountScopes, accounts, auditLog, categories, households, orgNodes, partyMembers, persons, timeLimits, units, cases } from '@/db/tables';
import { verifyPassword } from '@/lib/auth/password';
import { isWithinScope } from '@/lib/auth/scope';
import { createAccount, createAccountSchema } from './accounts';
import { runSetup } from './setup';

const now = new Date('2026-12-02T08:00:00+08:00');
const stores = {
  generated: registerTestStore(),
  chosen: registerTestStore(),
  refusals: registerTestStore(),
  concurrent: registerTestStore(),
  badInput: registerTestStore(),
  demo: registerTestStore({ demo: true }),
};
const storeOf = (t: TestContext, which: keyof typeof stores): Store | undefined => stores[which](t);

async function rows(db: AppDb) {
  const out: Record<string, number> = {};
  for (const [k, t] of Object.entries({ orgNodes, accounts, accountScopes, categories, timeLimits, households, persons, partyMembers, units, cases, auditLog })) {
    out[k] = (await db.select({ n: count() }).from(t))[0]!.n;
  }
  return out;
}

/** The account as signing in sees it: its row and the paths it acts for (loadUser and authenticate read SQLite only). */
async function accountOf(db: AppDb, username: string) {
  const [account] = await db.select().from(accounts).where(eq(accounts.username, username));
  if (!account) return null;
  const scope = await db.select({ path: orgNodes.path }).from(accountScopes).innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId)).where(eq(accountScopes.accountId, account.id));
  return { ...account, scopePaths: scope.map((s) => s.path) };
}

test('setup writes the three top levels, the standard categories and one administrator, and nothing else', async (t) => {
  const store = storeOf(t, 'generated');
  if (!store) return;
  const db = store.db;
  const result = await runSetup(store, { county: '稷山县', township: '稷峰镇', community: '姚村社区', adminUsername: 'jsadmin', adminName: '王建国' }, now);
  assert.equal(result.ok, true, JSON.stringify(result));
  if (!result.ok) return;
  assert.deepEqual(await rows(db), {
    orgNodes: 3,
    accounts: 1,
    accountScopes: 1,
    categories: 15,
    timeLimits: 30,
    households: 0,
    persons: 0,
    partyMembers: 0,
    units: 0,
    cases: 0,
    auditLog: 1,
  });
  const nodes = await db.select().from(orgNodes).orderBy(orgNodes.depth, orgNodes.id);
  assert.deepEqual(
    nodes.map((n) => [n.kind, n.name, n.depth, n.path]),
    [
      ['county', '稷山县', 0, `/${result.nodeIds.county}/`],
      ['township', '稷峰镇', 1, `/${result.nodeIds.county}/${result.nodeIds.township}/`],
      ['community', '姚村社区', 2, `/${result.nodeIds.county}/${result.nodeIds.township}/${result.nodeIds.community}/`],
    ],
  );
  // The administrator acts for the whole county and, with a generated password, must change it first.
  const admin = (await accountOf(db, 'jsadmin'))!;
  assert.equal(admin.id, result.adminId);
  assert.equal(admin.role, 'admin');
  assert.equal(admin.active, true);
  assert.deepEqual(admin.scopePaths, [`/${result.nodeIds.county}/`]);
  assert.equal(admin.mustChangePassword, true);
  assert.ok(result.generatedPassword);
  assert.equal(await verifyPassword(result.generatedPassword, admin.passwordHash), true);
  const [audit] = await db.select().from(auditLog);
  assert.equal(audit!.action, 'setup');
  assert.equal(audit!.accountId, result.adminId);
  assert.ok(!audit!.detail!.includes(result.generatedPassword));
  // No demo anywhere: no demo account names, no demo password.
  assert.equal(await accountOf(db, 'admin'), null);
  assert.equal(await verifyPassword('Yinghuo@2026', admin.passwordHash), false);

  // From here the administrator builds the community: an account for the community works at once.
  const manager = { id: admin.id, role: admin.role, scope: { paths: admin.scopePaths } };
  assert.ok(isWithinScope(manager.scope, `/${result.nodeIds.county}/${result.nodeIds.township}/${result.nodeIds.community}/`));
  const made = await createAccount(store, manager, createAccountSchema.parse({ username: 'yaoshuji', displayName: '李书记', role: 'secretary', nodeIds: [result.nodeIds.community] }), now);
  assert.equal(made.ok, true);
});

test('a chosen administrator password is used as given and need not be changed', async (t) => {
  const store = storeOf(t, 'chosen');
  if (!store) return;
  const result = await runSetup(store, { county: '稷山县', township: '稷峰镇', community: '姚村社区', adminPassword: 'Jishan-2026-setup' }, now);
  assert.equal(result.ok && result.generatedPassword, null);
  const admin = (await accountOf(store.db, 'admin'))!;
  assert.equal(admin.mustChangePassword, false);
  assert.equal(admin.displayName, '系统管理员');
  assert.equal(await verifyPassword('Jishan-2026-setup', admin.passwordHash), true);
});

test('setup refuses a database that holds anything, and a second run, changing nothing', async (t) => {
  const demo = storeOf(t, 'demo');
  if (!demo) return;
  const before = await rows(demo.db);
  const result = await runSetup(demo, { county: '稷山县', township: '稷峰镇', community: '姚村社区' }, now);
  assert.deepEqual(result, { ok: false, message: '数据库中已有数据，初始化只能在空数据库上进行（已有的数据不会被改动）。' });
  assert.deepEqual(await rows(demo.db), before);

  const store = storeOf(t, 'refusals')!;
  assert.equal((await runSetup(store, { county: '稷山县', township: '稷峰镇', community: '姚村社区' }, now)).ok, true);
  assert.equal((await runSetup(store, { county: '稷山县', township: '稷峰镇', community: '别的社区' }, now)).ok, false, 'a second run');
  assert.equal((await rows(store.db)).orgNodes, 3);
});

test('two setups started at once (two terminals): one sets up, the other is refused, and the tree is there once', async (t) => {
  const store = storeOf(t, 'concurrent');
  if (!store) return;
  const results = await Promise.all(
    ['姚村社区', '别的社区', '第三社区'].map((community) => runSetup(store, { county: '稷山县', township: '稷峰镇', community, adminPassword: 'Jishan-2026-setup' }, now)),
  );
  assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
  for (const r of results) if (!r.ok) assert.match(r.message, /已有数据/);
  const counted = await rows(store.db);
  assert.deepEqual([counted.orgNodes, counted.accounts, counted.categories, counted.auditLog], [3, 1, 15, 1]);
  assert.equal((await store.db.select().from(orgNodes).where(inArray(orgNodes.kind, ['community']))).length, 1);
});

test('bad names or weak passwords are refused, changing nothing', async (t) => {
  const empty = storeOf(t, 'badInput');
  if (!empty) return;
  assert.deepEqual(await runSetup(empty, { county: '稷', township: '稷峰镇', community: '姚村社区', adminPassword: 'short' }, now), {
    ok: false,
    message: '县（市、区）名称至少2个字；管理员密码至少10位；管理员密码须包含数字',
  });
  assert.deepEqual(await runSetup(empty, { county: '稷山县', township: '稷峰镇', community: '姚村社区', adminUsername: '管理员' }, now), {
    ok: false,
    message: '管理员账号只能包含字母、数字、下划线、点和横线',
  });
  const counted = await rows(empty.db);
  assert.deepEqual([counted.orgNodes, counted.accounts], [0, 0]);
});
