// The case commands through group commit (db/group-commit.ts), as request handlers call them: the lifecycle's
// guarantees hold exactly as when each command commits alone — one of two concurrent actions wins, a refused
// command leaves nothing, and a grouped command writes the same case, events and notifications as a lone one.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq, like, sql, type SQL } from 'drizzle-orm';
import { accounts, caseEvents, cases, categories, notifications, orgNodes } from '@/db/schema';
import { groupCommitStats } from '@/db/group-commit';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from './actor';
import { createCase, createCaseGrouped, performAction, performActionGrouped } from './commands';

const { db, close } = openTestDatabase({ demo: true });
after(close);

const actor = (username: string) => actorFromUser(loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!);
const wg01 = actor('wg01');
const wg02 = actor('wg02');
const shuji = actor('shuji');
const grid = db.select().from(orgNodes).where(eq(orgNodes.name, '龙盛华庭')).get()!;
const building = db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).orderBy(asc(orgNodes.id)).get()!;
const otherBuilding = db
  .select()
  .from(orgNodes)
  .where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${db.select().from(orgNodes).where(eq(orgNodes.name, '龙湖花园')).get()!.path}%`)))
  .get()!;
const STREET_LIGHT = db.select({ id: categories.id }).from(categories).where(eq(categories.code, 'street_light')).get()!.id;

let clock = new Date('2026-05-06T02:00:00Z').getTime();
const tick = () => new Date((clock += 60_000));
const input = (description: string, nodeId = building.id) => ({ description, source: 'patrol' as const, nodeId, urgency: 'normal' as const });
const countCases = (where?: SQL) => db.select({ n: sql<number>`count(*)` }).from(cases).where(where).get()!.n;
const caseRow = (id: number) => db.select().from(cases).where(eq(cases.id, id)).get()!;

/** What a case's timeline and notifications look like, without ids, times or numbers. */
function footprint(id: number) {
  const c = caseRow(id);
  return {
    status: c.status,
    version: c.version,
    events: db
      .select({ action: caseEvents.action, from: caseEvents.fromStatus, to: caseEvents.toStatus, actor: caseEvents.actorAccountId, data: caseEvents.data, note: caseEvents.note })
      .from(caseEvents)
      .where(eq(caseEvents.caseId, id))
      .orderBy(asc(caseEvents.id))
      .all(),
    notifications: db
      .select({ accountId: notifications.accountId, kind: notifications.kind })
      .from(notifications)
      .where(eq(notifications.caseId, id))
      .all()
      .map((n) => `${n.accountId}:${n.kind}`)
      .sort(),
  };
}

describe('case commands through group commit', () => {
  test('two actions on the same version arriving together: exactly one wins, the other gets conflict with the state it lost to', async () => {
    const c = createCase(db, wg01, input('楼道灯不亮（并发受理）'), [], tick());
    assert.ok(c.ok);
    const before = groupCommitStats(db);
    const now = tick();
    const [a, b] = await Promise.all([
      performActionGrouped(db, wg01, { id: c.id }, { action: 'accept', categoryId: STREET_LIGHT, urgency: 'normal', version: c.version }, [], now),
      performActionGrouped(db, shuji, { id: c.id }, { action: 'reject', reason: '重复反映', version: c.version }, [], now),
    ]);
    assert.equal(groupCommitStats(db).commits - before.commits, 1, 'both in one transaction');
    assert.ok(a.ok);
    assert.ok(!b.ok);
    assert.equal(b.code, 'conflict');
    assert.deepEqual(b.current, { version: a.version, status: 'accepted' });
    const events = footprint(c.id).events.map((e) => e.action);
    assert.deepEqual(events, ['submit', 'accept']);
  });

  test('a refused command in the group leaves nothing, and its neighbours are saved', async () => {
    const before = countCases();
    const results = await Promise.all([
      createCaseGrouped(db, wg01, input('电梯异响（组内第一件）'), [], tick()),
      // wg02 works another grid: this place is outside their scope.
      createCaseGrouped(db, wg02, input('越界登记（应被拒绝）'), [], tick()),
      createCaseGrouped(db, wg02, input('单元门禁坏了（组内第三件）', otherBuilding.id), [], tick()),
    ]);
    assert.deepEqual(
      results.map((r) => r.ok),
      [true, false, true],
    );
    assert.equal(countCases(), before + 2);
    assert.equal(countCases(eq(cases.description, '越界登记（应被拒绝）')), 0);
  });

  test('a retried client key inside one group finds the case the first attempt logged a moment before', async () => {
    const clientKey = 'group-commit-retry-0001';
    const [first, retry] = await Promise.all([
      createCaseGrouped(db, wg01, { ...input('下水道堵塞（重试）'), clientKey }, [], tick()),
      createCaseGrouped(db, wg01, { ...input('下水道堵塞（重试）'), clientKey }, [], tick()),
    ]);
    assert.ok(first.ok && retry.ok);
    assert.equal(retry.replayed, true);
    assert.equal(retry.number, first.number);
    assert.equal(countCases(eq(cases.clientKey, clientKey)), 1);
  });

  test('a grouped create and lifecycle write the same case, events and notifications as lone commands do', async () => {
    const run = async (grouped: boolean) => {
      const made = grouped
        ? (await Promise.all([createCaseGrouped(db, wg01, input('路灯闪烁（对照）'), [], tick()), createCaseGrouped(db, wg02, input('旁边一件', otherBuilding.id), [], tick())]))[0]
        : createCase(db, wg01, input('路灯闪烁（对照）'), [], tick());
      assert.ok(made.ok);
      let version = made.version;
      const steps = [
        { by: wg01, request: { action: 'accept', categoryId: STREET_LIGHT, urgency: 'normal' } },
        { by: shuji, request: { action: 'assign_worker', accountId: wg01.id } },
        { by: wg01, request: { action: 'sign' } },
        { by: wg01, request: { action: 'resolve', note: '已更换灯泡。' } },
      ] as const;
      for (const s of steps) {
        const request = { ...s.request, version } as Parameters<typeof performAction>[3];
        const r = grouped ? await performActionGrouped(db, s.by, { id: made.id }, request, [], tick()) : performAction(db, s.by, { id: made.id }, request, [], tick());
        assert.ok(r.ok, JSON.stringify(r));
        version = r.version;
      }
      return footprint(made.id);
    };
    const lone = await run(false);
    const grouped = await run(true);
    assert.deepEqual(grouped, lone);
    assert.equal(lone.status, 'resolved');
    assert.ok(lone.notifications.length > 0, 'the lifecycle told somebody something');
  });
});
