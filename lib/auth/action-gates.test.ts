// The server actions' authorisation below requireUser: the lib commands each action calls refuse every role out of scope, and a refusal stores nothing.
// (route-matrix.test.ts proves each action calls requireUser first with its roles; here the same roles
// and every other one meet the commands directly, on the demo community.)
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, count, eq, isNull, like } from 'drizzle-orm';
import { accounts, apiTokens, caseEvents, cases, categories, households, notifications, orgNodes, type Role } from '@/db/schema';
import { openSqliteStore } from '@/db/store';
import { openTestDatabase } from '@/db/testing';
import { createApiToken, revokeApiToken } from '@/lib/api/tokens';
import { actorFromUser } from '@/lib/cases/actor';
import { createCaseSync, performActionSync } from '@/lib/cases/commands';
import { logBatch } from '@/lib/cases/intake';
import { availableActions, type ActionInput } from '@/lib/cases/lifecycle';
import { performBulkAction } from '@/lib/desk/bulk';
import { bulkActionSchema } from '@/lib/desk/schemas';
import { markAllRead } from '@/lib/notifications/queries';
import { pickHouseholds } from '@/lib/org/household-picker';
import { getNodeInScope } from '@/lib/org/queries';
import { loadUserSync, type CurrentUser } from './load-user';
import { isWithinScope } from './scope';

const { db, sqlite, file, close } = openTestDatabase({ demo: true });
// For the commands already on the engine-neutral store (markAllRead, logBatch): a store over this very database.
const store = openSqliteStore(file, { writer: sqlite });
after(async () => {
  await store.close();
  close();
});

const user = (username: string) => loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!;
/** Every role, each in and out of the records below (as in e2e/support/route-matrix.ts). */
const USERS: CurrentUser[] = ['admin', 'zhenshuji', 'shuji', 'fqshuji', 'wg01', 'wg02', 'dy01', 'dw01', 'dw02', 'bm01'].map(user);
const grid = (name: string) => db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'grid'), eq(orgNodes.name, name))).get()!;
const building = (g: { path: string }) => db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${g.path}%`))).orderBy(asc(orgNodes.id)).get()!;
const LONGSHENG = grid('龙盛华庭');
const FUQIAN = grid('府前花园');
const category = db.select({ id: categories.id }).from(categories).get()!.id;
const wg01 = actorFromUser(user('wg01'));

/** What a refused command must leave alone: the case in question (or how many cases there are), the timeline, notifications, tokens. */
const snapshot = (caseId?: number) => ({
  cases: caseId === undefined ? db.select({ n: count() }).from(cases).get()!.n : db.select().from(cases).where(eq(cases.id, caseId)).get(),
  events: db.select({ n: count() }).from(caseEvents).get()!.n,
  notifications: db.select({ n: count() }).from(notifications).get()!.n,
  tokens: db.select().from(apiTokens).all(),
});

function freshCase(status: 'submitted' | 'accepted', at = LONGSHENG) {
  const r = createCaseSync(db, wg01, { description: '权限测试：路灯不亮', source: 'patrol', nodeId: building(at).id, urgency: 'normal' }, []);
  assert.ok(r.ok);
  if (status === 'accepted') assert.ok(performActionSync(db, wg01, { id: r.id }, { action: 'accept', categoryId: category, urgency: 'normal', version: 0 }).ok);
  return db.select().from(cases).where(eq(cases.id, r.id)).get()!;
}

const PLAIN: ActionInput[] = [
  { action: 'accept', categoryId: category, urgency: 'normal' },
  { action: 'reject', reason: '不属于受理范围' },
  { action: 'handle_self' },
  { action: 'assign_worker', accountId: wg01.id },
  { action: 'post_to_board' },
  { action: 'claim' },
  { action: 'escalate', reason: '需要社区协调' },
  { action: 'sign' },
  { action: 'progress', note: '正在处理' },
  { action: 'resolve', note: '已修好' },
  { action: 'rate', rating: 'satisfied' },
  { action: 'supervise', note: '请尽快办理' },
];

test('performCaseAction → performAction: out of scope is "not found" for every action; whatever is refused changes nothing', () => {
  for (const u of USERS) {
    const actor = actorFromUser(u);
    for (const input of PLAIN) {
      // A fresh case each time, so one actor's success never changes what the next one meets.
      const c = freshCase(input.action === 'accept' || input.action === 'reject' ? 'submitted' : 'accepted');
      // Visible to the staff of its grid only: nobody else was ever involved in it.
      const sees = (['admin', 'secretary', 'grid_worker'] as Role[]).includes(u.role) && isWithinScope(u.scope, c.nodePath);
      const offered = availableActions(c, actor, new Date());
      const before = snapshot(c.id);
      const result = performActionSync(db, actor, { id: c.id }, { ...input, version: c.version }, [], new Date());
      if (!sees) assert.equal(result.ok ? 'ok' : result.code, 'not_found', `${u.username} ${input.action} on a case outside their scope`);
      if (result.ok) assert.ok(offered.includes(input.action), `${u.username} ${input.action}: done only because the rules offer it`);
      else assert.deepEqual(snapshot(c.id), before, `${u.username} ${input.action} refused (${result.code}) and nothing changed`);
    }
  }
});

/** The bulk form's body as the action parses it: "number:version" per ticked row. */
const bulkAccept = (c: { number: string; version: number }) => bulkActionSchema.parse({ action: 'accept', categoryId: category, items: [`${c.number}:${c.version}`] });

test('bulkCaseAction → performBulkAction: a secretary of another community changes no row; their own secretary does', async () => {
  const c = freshCase('submitted');
  for (const u of USERS.filter((x) => !isWithinScope(x.scope, c.nodePath))) {
    const before = snapshot(c.id);
    const rows = await performBulkAction(store, actorFromUser(u), bulkAccept(c));
    assert.deepEqual(rows.map((r) => r.ok), [false], u.username);
    assert.deepEqual(snapshot(c.id), before);
  }
  const rows = await performBulkAction(store, actorFromUser(user('shuji')), bulkAccept(c));
  assert.deepEqual(rows.map((r) => r.ok), [true]);
});

test('submitCaseAction / submitBatchAction → createCase / logBatch: a place outside the scope, or a unit liaison anywhere, stores nothing', async () => {
  for (const u of USERS) {
    const actor = actorFromUser(u);
    for (const g of [LONGSHENG, FUQIAN]) {
      const place = building(g);
      const mayLog = u.role !== 'unit_liaison' && isWithinScope(u.scope, place.path);
      const before = snapshot();
      const single = createCaseSync(db, actor, { description: '权限测试：单条登记', source: 'patrol', nodeId: place.id, urgency: 'normal' }, []);
      assert.equal(single.ok, mayLog, `${u.username} logs at ${g.name}`);
      const batch = await logBatch(store, actor, { nodeId: place.id, source: 'wish_box', rows: [{ clientKey: `gate-${u.username}-${g.id}-0000000000`, description: '权限测试：心愿条', place: '', residentName: '', residentPhone: '' }] });
      assert.deepEqual(batch.map((r) => r.ok), [mayLog], `${u.username} batch at ${g.name}`);
      if (!mayLog) assert.deepEqual(snapshot(), before, `${u.username} at ${g.name}: nothing stored`);
    }
  }
});

test('findHouseholdsAction and createMissingIntakePoints → getNodeInScope / pickHouseholds: nothing outside the scope', async () => {
  for (const u of USERS) {
    for (const g of [LONGSHENG, FUQIAN]) {
      assert.equal((await getNodeInScope(db, u.scope, g.id)) !== null, isWithinScope(u.scope, g.path), `${u.username} reaches ${g.name}`);
    }
    for (const h of await pickHouseholds(db, u.scope, '101')) {
      const path = db.select({ p: households.nodePath }).from(households).where(eq(households.id, h.id)).get()!.p;
      assert.ok(isWithinScope(u.scope, path), `${u.username} finds only households in scope`);
    }
  }
});

test('createTokenAction / revokeTokenAction → createApiToken / revokeApiToken: every role but the administrator is refused and nothing changes', async () => {
  const admin = user('admin');
  const issued = await createApiToken(store, admin, { name: '权限测试令牌', nodeId: LONGSHENG.id });
  assert.ok(issued.ok);
  for (const u of USERS.filter((x) => x.role !== 'admin')) {
    const before = snapshot();
    assert.equal((await createApiToken(store, u, { name: '越权令牌', nodeId: LONGSHENG.id })).ok, false, u.username);
    assert.equal((await revokeApiToken(store, u, issued.id)).ok, false, u.username);
    assert.deepEqual(snapshot(), before);
  }
  assert.ok((await revokeApiToken(store, admin, issued.id)).ok);
});

test('markAllReadAction → markAllRead: only the caller\'s own notifications', async () => {
  const unread = (accountId: number) => db.select({ n: count() }).from(notifications).where(and(eq(notifications.accountId, accountId), isNull(notifications.readAt))).get()!.n;
  freshCase('submitted'); // notifies the grid's workers
  const wg01Unread = unread(wg01.id);
  assert.ok(wg01Unread > 0);
  for (const u of USERS.filter((x) => x.id !== wg01.id)) await markAllRead(store, u.id);
  assert.equal(unread(wg01.id), wg01Unread, "others' reading leaves wg01's notifications unread");
});
