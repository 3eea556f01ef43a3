// Tests of the audit log: append-only in the database, every administrative change writes a row, and the administrator's search.
// The search, the case views and the time-limit edit run on the engine of this test process (npm run test:unit:
// SQLite; npm run test:unit:pg: PostgreSQL), so do the QR codes and the API tokens.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { asc, desc, eq } from 'drizzle-orm';
import { accounts as accountsSqlite } from '@/db/schema';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { accounts, auditLog, categories, orgNodes as orgNodesTable } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { saveTimeLimits } from '@/lib/admin/time-limits';
import { createApiToken, revokeApiToken } from '@/lib/api/tokens';
import { loadUserSync } from '@/lib/auth/load-user';
import { createMissingIntakePointsFor } from '@/lib/cases/intake-points';
import { writeAudit } from './log';
import { auditCaseView } from './views';
import { auditSearchSchema, parseAuditSearch, searchAudit } from './search';

const storeFor = registerTestStore({ demo: true });
const { db, close } = openTestDatabase({ demo: true });
after(close);

const fixtureAccount = (username: string) => db.select({ id: accountsSqlite.id }).from(accountsSqlite).where(eq(accountsSqlite.username, username)).get()!.id;
const admin = loadUserSync(db, fixtureAccount('admin'))!;

async function accountId(store: Store, username: string) {
  const [row] = await store.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).limit(1);
  return row!.id;
}
const lastRow = async (store: Store) => (await store.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1))[0]!;

/** Drizzle wraps the database's error; the trigger's message is in its cause. */
const appendOnly = (e: unknown) => /append-only/.test(String((e as { cause?: unknown }).cause ?? e));

describe('append-only in the database', () => {
  test('UPDATE and DELETE of audit rows abort, whoever issues them', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    const shuji = await accountId(store, 'shuji');
    await store.write((tx) => writeAudit(tx, { accountId: shuji, action: 'view_household', subject: 'household:1' }));
    const id = (await lastRow(store)).id;
    await assert.rejects(store.write((tx) => tx.update(auditLog).set({ subject: 'household:2' })), appendOnly);
    await assert.rejects(store.write((tx) => tx.delete(auditLog)), appendOnly);
    await assert.rejects(store.write((tx) => tx.update(auditLog).set({ detail: 'x' }).where(eq(auditLog.id, id))), appendOnly);
    assert.equal((await lastRow(store)).subject, 'household:1');
  });
});

describe('every administrative change writes a row', () => {
  test('a time-limit edit, with the limits before and after', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    const [category] = await store.db.select().from(categories).orderBy(asc(categories.id)).limit(1);
    const adminId = await accountId(store, 'admin');
    const saved = await saveTimeLimits(store, adminId, [{ categoryId: category!.id, urgency: 'urgent', acceptHours: 3, resolveHours: 13 }]);
    assert.ok(saved.ok && saved.changes.length === 1);
    const row = await lastRow(store);
    assert.deepEqual([row.accountId, row.action, row.subject], [adminId, 'update_time_limit', `time_limit:${category!.id}:urgent`]);
    assert.deepEqual(JSON.parse(row.detail!).after, { acceptHours: 3, resolveHours: 13 });
  });
  test('issuing and revoking an API token', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    const [community] = await store.db.select().from(orgNodesTable).where(eq(orgNodesTable.kind, 'community')).orderBy(asc(orgNodesTable.id)).limit(1);
    const issued = await createApiToken(store, admin, { name: '12345 热线平台', nodeId: community!.id });
    assert.ok(issued.ok);
    const created = await lastRow(store);
    assert.deepEqual([created.accountId, created.action, created.subject], [admin.id, 'create_token', `token:${issued.id}`]);
    assert.ok(!created.detail!.includes(issued.secret), 'the secret never reaches the log');
    await revokeApiToken(store, admin, issued.id);
    const revoked = await lastRow(store);
    assert.deepEqual([revoked.action, revoked.subject], ['revoke_token', `token:${issued.id}`]);
    await revokeApiToken(store, admin, issued.id);
    assert.equal((await lastRow(store)).id, revoked.id, 'revoking again changes nothing and logs nothing');
  });

  test('creating the missing QR codes of a node; nothing to create, nothing logged', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    const adminId = await accountId(store, 'admin');
    const [grid] = await store.db.select().from(orgNodesTable).where(eq(orgNodesTable.kind, 'grid')).orderBy(asc(orgNodesTable.id)).limit(1);
    await createMissingIntakePointsFor(store, adminId, grid!.id);
    const before = (await lastRow(store)).id;
    assert.equal(await createMissingIntakePointsFor(store, adminId, grid!.id), 0);
    assert.equal((await lastRow(store)).id, before);
    const building = await store.write(async (tx) => {
      const [row] = await tx.insert(orgNodesTable).values({ parentId: grid!.id, kind: 'building', name: '新建 99 号楼', path: `${grid!.path}x/`, depth: grid!.depth + 1 }).returning();
      await tx.update(orgNodesTable).set({ path: `${grid!.path}${row!.id}/` }).where(eq(orgNodesTable.id, row!.id));
      return row!;
    });
    assert.equal(await createMissingIntakePointsFor(store, adminId, building.id), 1);
    const last = await lastRow(store);
    assert.deepEqual([last.action, last.subject], ['create_intake_points', `node:${building.id}`]);
  });
});

describe('views of personal data', () => {
  test('a case page showing a name or a full number is logged; one showing only a masked number is not', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    const SHUJI = await accountId(store, 'shuji');
    const before = (await lastRow(store)).id;
    assert.equal(await auditCaseView(store, SHUJI, { number: 'YH20260401-0001', residentName: null, residentPhone: '138****5678', phoneMasked: true }), false);
    assert.equal(await auditCaseView(store, SHUJI, { number: 'YH20260401-0001', residentName: null, residentPhone: null, phoneMasked: false }), false);
    assert.equal((await lastRow(store)).id, before);
    assert.equal(await auditCaseView(store, SHUJI, { number: 'YH20260401-0001', residentName: '王秀英', residentPhone: '13812345678', phoneMasked: false }), true);
    const row = await lastRow(store);
    assert.deepEqual([row.action, row.subject, row.detail], ['view_case', 'case:YH20260401-0001', '姓名、完整电话']);
  });
});

describe('the administrator’s search', () => {
  // A known set of rows in 2031, far from anything else in the log.
  const at = (day: number, hour = 10) => new Date(Date.UTC(2031, 0, day, hour - 8));
  let rows: Promise<void> | undefined;
  /** The store, with the 2031 rows written once. */
  async function given(t: TestContext): Promise<Store | undefined> {
    const store = storeFor(t);
    if (!store) return undefined;
    rows ??= (async () => {
      const SHUJI = await accountId(store, 'shuji');
      const WG01 = await accountId(store, 'wg01');
      await store.write(async (tx) => {
        await writeAudit(tx, { accountId: SHUJI, action: 'export', subject: 'ledger:2030-12' }, at(2));
        await writeAudit(tx, { accountId: SHUJI, action: 'view_household', subject: 'household:4321' }, at(3));
        await writeAudit(tx, { accountId: WG01, action: 'view_case', subject: 'case:YH20310103-0001' }, at(3, 23));
        await writeAudit(tx, { accountId: WG01, action: 'view_household', subject: 'household:43' }, at(4, 0));
      });
    })();
    await rows;
    return store;
  }
  const in2031 = { from: '2031-01-01', to: '2031-12-31' };
  let current: Store;
  const subjects = async (f: Parameters<typeof searchAudit>[1], pageSize?: number) => (await searchAudit(current.db, f, pageSize)).rows.map((r) => r.subject);

  test('newest first, within the date range (China days, both ends inclusive)', async (t) => {
    const store = await given(t);
    if (!store) return;
    current = store;
    assert.deepEqual(await subjects(in2031), ['household:43', 'case:YH20310103-0001', 'household:4321', 'ledger:2030-12']);
    assert.deepEqual(await subjects({ from: '2031-01-03', to: '2031-01-03' }), ['case:YH20310103-0001', 'household:4321']);
  });

  test('by account, by action, by part of the subject (with % and _ taken literally), combined', async (t) => {
    const store = await given(t);
    if (!store) return;
    current = store;
    assert.deepEqual(await subjects({ ...in2031, account: 'wg01' }), ['household:43', 'case:YH20310103-0001']);
    assert.deepEqual(await subjects({ ...in2031, action: 'view_household' }), ['household:43', 'household:4321']);
    assert.deepEqual(await subjects({ ...in2031, subject: 'household:43' }), ['household:43', 'household:4321']);
    assert.deepEqual(await subjects({ ...in2031, subject: '%' }), []);
    assert.deepEqual(await subjects({ ...in2031, subject: 'yh20310103' }), ['case:YH20310103-0001'], 'ASCII case ignored, on both engines');
    assert.deepEqual(await subjects({ ...in2031, account: 'shuji', action: 'view_household' }), ['household:4321']);
    const row = (await searchAudit(store.db, { ...in2031, subject: 'YH20310103' })).rows[0]!;
    assert.deepEqual([row.username, row.displayName !== '', row.action], ['wg01', true, 'view_case']);
  });

  test('paged: total and page count, the last page holds the oldest', async (t) => {
    const store = await given(t);
    if (!store) return;
    current = store;
    const first = await searchAudit(store.db, in2031, 3);
    assert.deepEqual([first.total, first.pages, first.page, first.rows.length], [4, 2, 1, 3]);
    const second = await searchAudit(store.db, { ...in2031, page: 2 }, 3);
    assert.deepEqual(second.rows.map((r) => r.subject), ['ledger:2030-12']);
    assert.equal((await searchAudit(store.db, { ...in2031, page: 99 }, 3)).page, 2, 'a page past the end shows the last');
  });

  test('the URL is checked: dates bounded as everywhere, unknown actions and reversed ranges explained in Chinese', async (t) => {
    const store = await given(t);
    if (!store) return;
    current = store;
    const { filters, problems } = parseAuditSearch({ from: '0000-01-01', to: '2031-01-31', action: 'hack', account: 'wg01' });
    assert.deepEqual(filters, { to: '2031-01-31', account: 'wg01', page: 1 });
    assert.deepEqual(problems.sort(), ['开始日期：日期须在 2000-01-01 至 2100-12-31 之间（已忽略）', '操作：未知的操作类型（已忽略）'].sort());
    assert.equal(auditSearchSchema.safeParse({ from: '2031-02-01', to: '2031-01-01' }).success, false);
    assert.ok((await searchAudit(store.db, {})).total >= 4);
  });
});
