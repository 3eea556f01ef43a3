// Tests of the audit log: append-only in the database, every administrative change writes a row, and the administrator's search.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { accounts, auditLog, categories, orgNodes } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { saveTimeLimits } from '@/lib/admin/time-limits';
import { createApiToken, revokeApiToken } from '@/lib/api/tokens';
import { loadUser } from '@/lib/auth/load-user';
import { createMissingIntakePointsFor } from '@/lib/cases/intake-points';
import { recordAudit } from './log';
import { auditCaseView } from './views';
import { auditSearchSchema, parseAuditSearch, searchAudit } from './search';

const { db, close } = openTestDatabase({ demo: true });
after(close);

const accountId = (username: string) => db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id;
const admin = loadUser(db, accountId('admin'))!;
const SHUJI = accountId('shuji');
const lastRow = () => db.select().from(auditLog).orderBy(desc(auditLog.id)).get()!;

/** Drizzle wraps the database's error; the trigger's message is in its cause. */
const appendOnly = (e: unknown) => /append-only/.test(String((e as { cause?: unknown }).cause ?? e));

describe('append-only in the database', () => {
  test('UPDATE and DELETE of audit rows abort, whoever issues them', () => {
    recordAudit(db, { accountId: SHUJI, action: 'view_household', subject: 'household:1' });
    assert.throws(() => db.run(sql`UPDATE audit_log SET subject = 'household:2'`), appendOnly);
    assert.throws(() => db.run(sql`DELETE FROM audit_log`), appendOnly);
    assert.throws(() => db.update(auditLog).set({ detail: 'x' }).where(eq(auditLog.id, lastRow().id)).run(), appendOnly);
    assert.equal(lastRow().subject, 'household:1');
  });
});

describe('every administrative change writes a row', () => {
  test('a time-limit edit, with the limits before and after', () => {
    const category = db.select().from(categories).orderBy(asc(categories.id)).get()!;
    const saved = saveTimeLimits(db, admin.id, [{ categoryId: category.id, urgency: 'urgent', acceptHours: 3, resolveHours: 13 }]);
    assert.ok(saved.ok && saved.changes.length === 1);
    const row = lastRow();
    assert.deepEqual([row.accountId, row.action, row.subject], [admin.id, 'update_time_limit', `time_limit:${category.id}:urgent`]);
    assert.deepEqual(JSON.parse(row.detail!).after, { acceptHours: 3, resolveHours: 13 });
  });

  test('issuing and revoking an API token', () => {
    const community = db.select().from(orgNodes).where(eq(orgNodes.kind, 'community')).get()!;
    const issued = createApiToken(db, admin, { name: '12345 热线平台', nodeId: community.id });
    assert.ok(issued.ok);
    assert.deepEqual([lastRow().action, lastRow().subject], ['create_token', `token:${issued.id}`]);
    assert.ok(!lastRow().detail!.includes(issued.secret), 'the secret never reaches the log');
    revokeApiToken(db, admin, issued.id);
    assert.deepEqual([lastRow().action, lastRow().subject], ['revoke_token', `token:${issued.id}`]);
  });

  test('creating the missing QR codes of a node; nothing to create, nothing logged', () => {
    const grid = db.select().from(orgNodes).where(eq(orgNodes.kind, 'grid')).get()!;
    createMissingIntakePointsFor(db, admin.id, grid.id);
    const before = lastRow().id;
    assert.equal(createMissingIntakePointsFor(db, admin.id, grid.id), 0);
    assert.equal(lastRow().id, before);
    const building = db.insert(orgNodes).values({ parentId: grid.id, kind: 'building', name: '新建 99 号楼', path: `${grid.path}x/`, depth: grid.depth + 1 }).returning().get();
    db.update(orgNodes).set({ path: `${grid.path}${building.id}/` }).where(eq(orgNodes.id, building.id)).run();
    assert.equal(createMissingIntakePointsFor(db, admin.id, building.id), 1);
    assert.deepEqual([lastRow().action, lastRow().subject], ['create_intake_points', `node:${building.id}`]);
  });
});

describe('views of personal data', () => {
  test('a case page showing a name or a full number is logged; one showing only a masked number is not', () => {
    const before = lastRow().id;
    assert.equal(auditCaseView(db, SHUJI, { number: 'YH20260401-0001', residentName: null, residentPhone: '138****5678', phoneMasked: true }), false);
    assert.equal(auditCaseView(db, SHUJI, { number: 'YH20260401-0001', residentName: null, residentPhone: null, phoneMasked: false }), false);
    assert.equal(lastRow().id, before);
    assert.equal(auditCaseView(db, SHUJI, { number: 'YH20260401-0001', residentName: '王秀英', residentPhone: '13812345678', phoneMasked: false }), true);
    assert.deepEqual([lastRow().action, lastRow().subject, lastRow().detail], ['view_case', 'case:YH20260401-0001', '姓名、完整电话']);
  });
});

describe('the administrator’s search', () => {
  // A known set of rows in 2031, far from anything else in the log.
  const at = (day: number, hour = 10) => new Date(Date.UTC(2031, 0, day, hour - 8));
  const WG01 = accountId('wg01');
  recordAudit(db, { accountId: SHUJI, action: 'export', subject: 'ledger:2030-12' }, at(2));
  recordAudit(db, { accountId: SHUJI, action: 'view_household', subject: 'household:4321' }, at(3));
  recordAudit(db, { accountId: WG01, action: 'view_case', subject: 'case:YH20310103-0001' }, at(3, 23));
  recordAudit(db, { accountId: WG01, action: 'view_household', subject: 'household:43' }, at(4, 0));
  const in2031 = { from: '2031-01-01', to: '2031-12-31' };
  const subjects = (f: Parameters<typeof searchAudit>[1], pageSize?: number) => searchAudit(db, f, pageSize).rows.map((r) => r.subject);

  test('newest first, within the date range (China days, both ends inclusive)', () => {
    assert.deepEqual(subjects(in2031), ['household:43', 'case:YH20310103-0001', 'household:4321', 'ledger:2030-12']);
    assert.deepEqual(subjects({ from: '2031-01-03', to: '2031-01-03' }), ['case:YH20310103-0001', 'household:4321']);
  });

  test('by account, by action, by part of the subject (with % and _ taken literally), combined', () => {
    assert.deepEqual(subjects({ ...in2031, account: 'wg01' }), ['household:43', 'case:YH20310103-0001']);
    assert.deepEqual(subjects({ ...in2031, action: 'view_household' }), ['household:43', 'household:4321']);
    assert.deepEqual(subjects({ ...in2031, subject: 'household:43' }), ['household:43', 'household:4321']);
    assert.deepEqual(subjects({ ...in2031, subject: '%' }), []);
    assert.deepEqual(subjects({ ...in2031, account: 'shuji', action: 'view_household' }), ['household:4321']);
    const row = searchAudit(db, { ...in2031, subject: 'YH20310103' }).rows[0]!;
    assert.deepEqual([row.username, row.displayName !== '', row.action], ['wg01', true, 'view_case']);
  });

  test('paged: total and page count, the last page holds the oldest', () => {
    const first = searchAudit(db, in2031, 3);
    assert.deepEqual([first.total, first.pages, first.page, first.rows.length], [4, 2, 1, 3]);
    const second = searchAudit(db, { ...in2031, page: 2 }, 3);
    assert.deepEqual(second.rows.map((r) => r.subject), ['ledger:2030-12']);
    assert.equal(searchAudit(db, { ...in2031, page: 99 }, 3).page, 2, 'a page past the end shows the last');
  });

  test('the URL is checked: dates bounded as everywhere, unknown actions and reversed ranges explained in Chinese', () => {
    const { filters, problems } = parseAuditSearch({ from: '0000-01-01', to: '2031-01-31', action: 'hack', account: 'wg01' });
    assert.deepEqual(filters, { to: '2031-01-31', account: 'wg01', page: 1 });
    assert.deepEqual(problems.sort(), ['开始日期：日期须在 2000-01-01 至 2100-12-31 之间（已忽略）', '操作：未知的操作类型（已忽略）'].sort());
    assert.equal(auditSearchSchema.safeParse({ from: '2031-02-01', to: '2031-01-01' }).success, false);
    assert.ok(searchAudit(db, {}).total >= 4);
  });
});
