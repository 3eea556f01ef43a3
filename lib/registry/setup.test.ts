// First run: what `npm run setup` writes into an empty database, and that it refuses any other.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { count, eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accountScopes, accounts, auditLog, categories, households, orgNodes, partyMembers, persons, timeLimits, units, cases } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { authenticateSync } from '@/lib/auth/authenticate';
import { loadUserSync } from '@/lib/auth/load-user';
import { createAccount, createAccountSchema } from './accounts';
import { runSetup } from './setup';

const now = new Date('2026-12-02T08:00:00+08:00');
const rows = (db: DB) =>
  Object.fromEntries(
    Object.entries({ orgNodes, accounts, accountScopes, categories, timeLimits, households, persons, partyMembers, units, cases, auditLog }).map(([k, t]) => [
      k,
      db.select({ n: count() }).from(t).get()!.n,
    ]),
  );

test('setup writes the three top levels, the standard categories and one administrator, and nothing else', async () => {
  const { db, close } = openTestDatabase();
  try {
    const result = runSetup(db, { county: '稷山县', township: '稷峰镇', community: '姚村社区', adminUsername: 'jsadmin', adminName: '王建国' }, now);
    assert.equal(result.ok, true, JSON.stringify(result));
    if (!result.ok) return;
    assert.deepEqual(rows(db), {
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
    const nodes = db.select().from(orgNodes).orderBy(orgNodes.depth).all();
    assert.deepEqual(
      nodes.map((n) => [n.kind, n.name, n.depth, n.path]),
      [
        ['county', '稷山县', 0, `/${result.nodeIds.county}/`],
        ['township', '稷峰镇', 1, `/${result.nodeIds.county}/${result.nodeIds.township}/`],
        ['community', '姚村社区', 2, `/${result.nodeIds.county}/${result.nodeIds.township}/${result.nodeIds.community}/`],
      ],
    );
    // The administrator acts for the whole county and, with a generated password, must change it first.
    const admin = loadUserSync(db, result.adminId)!;
    assert.equal(admin.role, 'admin');
    assert.deepEqual(admin.scope.paths, [`/${result.nodeIds.county}/`]);
    assert.equal(admin.mustChangePassword, true);
    assert.ok(result.generatedPassword);
    assert.equal((await authenticateSync(db, { login: 'jsadmin', password: result.generatedPassword }, null, now)).ok, true);
    const audit = db.select().from(auditLog).get()!;
    assert.equal(audit.action, 'setup');
    assert.equal(audit.accountId, result.adminId);
    assert.ok(!audit.detail!.includes(result.generatedPassword));
    // No demo anywhere: no demo account names, no demo password.
    assert.equal((await authenticateSync(db, { login: 'admin', password: 'Yinghuo@2026' }, null, now)).ok, false);

    // From here the administrator builds the community: an account for the community works at once.
    const made = createAccount(db, admin, createAccountSchema.parse({ username: 'yaoshuji', displayName: '李书记', role: 'secretary', nodeIds: [result.nodeIds.community] }), now);
    assert.equal(made.ok, true);
  } finally {
    close();
  }
});

test('a chosen administrator password is used as given and need not be changed', async () => {
  const { db, close } = openTestDatabase();
  try {
    const result = runSetup(db, { county: '稷山县', township: '稷峰镇', community: '姚村社区', adminPassword: 'Jishan-2026-setup' }, now);
    assert.equal(result.ok && result.generatedPassword, null);
    const admin = db.select().from(accounts).where(eq(accounts.username, 'admin')).get()!;
    assert.equal(admin.mustChangePassword, false);
    assert.equal(admin.displayName, '系统管理员');
    assert.equal((await authenticateSync(db, { login: 'admin', password: 'Jishan-2026-setup' }, null, now)).ok, true);
  } finally {
    close();
  }
});

test('setup refuses a database that holds anything, and bad names or weak passwords, changing nothing', () => {
  const { db: demo, close: closeDemo } = openTestDatabase({ demo: true });
  try {
    const before = rows(demo);
    const result = runSetup(demo, { county: '稷山县', township: '稷峰镇', community: '姚村社区' }, now);
    assert.deepEqual(result, { ok: false, message: '数据库中已有数据，初始化只能在空数据库上进行（已有的数据不会被改动）。' });
    assert.deepEqual(rows(demo), before);
  } finally {
    closeDemo();
  }
  const { db, close } = openTestDatabase();
  try {
    assert.equal(runSetup(db, { county: '稷山县', township: '稷峰镇', community: '姚村社区' }, now).ok, true);
    assert.equal(runSetup(db, { county: '稷山县', township: '稷峰镇', community: '别的社区' }, now).ok, false, 'a second run');
    assert.equal(rows(db).orgNodes, 3);
  } finally {
    close();
  }
  const { db: empty, close: closeEmpty } = openTestDatabase();
  try {
    assert.deepEqual(runSetup(empty, { county: '稷', township: '稷峰镇', community: '姚村社区', adminPassword: 'short' }, now), {
      ok: false,
      message: '县（市、区）名称至少2个字；管理员密码至少10位；管理员密码须包含数字',
    });
    assert.deepEqual(runSetup(empty, { county: '稷山县', township: '稷峰镇', community: '姚村社区', adminUsername: '管理员' }, now), {
      ok: false,
      message: '管理员账号只能包含字母、数字、下划线、点和横线',
    });
    assert.deepEqual([rows(empty).orgNodes, rows(empty).accounts], [0, 0]);
  } finally {
    closeEmpty();
  }
});
