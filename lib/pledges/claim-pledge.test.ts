// A request claimed from the claim board is the member's pledge for the month (党员每月一件事), written with the claim:
// on the engine of this test process (test:unit SQLite, test:unit:pg PostgreSQL).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, asc, eq, like } from 'drizzle-orm';
import { registerTestStore } from '@/db/store-testing';
import { accounts, accountScopes, cases, notifications, orgNodes, pledges } from '@/db/tables';
import { loadUser } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { performAction } from '@/lib/cases/commands';
import { midMonthCheck } from './queries';

const storeFor = registerTestStore({ demo: true, cases: 600 });
const NOW = new Date('2026-11-20T02:00:00Z');

test('claiming a request from the board records it as the month’s pledge, titled without the resident; a reminder is answered', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  // A party member account and a request on the board of their grid.
  const members = await db
    .select({ id: accounts.id, partyMemberId: accounts.partyMemberId, gridPath: orgNodes.path })
    .from(accounts)
    .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(eq(accounts.role, 'party_member'))
    .orderBy(asc(accounts.id));
  let picked: { account: (typeof members)[number]; caseId: number; version: number; number: string; residentName: string | null } | undefined;
  for (const m of members) {
    const [c] = await db
      .select({ id: cases.id, version: cases.version, number: cases.number, residentName: cases.residentName })
      .from(cases)
      .where(like(cases.nodePath, `${m.gridPath}%`))
      .orderBy(asc(cases.id))
      .limit(1);
    if (c) {
      picked = { account: m, caseId: c.id, version: c.version, number: c.number, residentName: c.residentName };
      break;
    }
  }
  assert.ok(picked, 'the demo has a request in some member’s grid');
  // Put it on the board, as a grid worker's 发布到认领台 leaves it.
  await store.write((tx) => tx.update(cases).set({ status: 'assigned', handlerKind: 'board', handlerAccountId: null, handlerUnitId: null, resolveDueAt: new Date(NOW.getTime() + 7 * 86_400_000) }).where(eq(cases.id, picked!.caseId)));
  assert.ok(picked, 'the demo has a request on some member’s board');
  const { account } = picked;
  await store.write((tx) => tx.insert(notifications).values({ accountId: account.id, caseId: null, kind: 'pledge_reminder', note: '月中督诺（2026年11月）：您本月还没有晒诺', createdAt: NOW }));
  const user = (await loadUser(db, account.id))!;
  const result = await performAction(store, actorFromUser(user), { id: picked.caseId }, { action: 'claim', version: picked.version }, [], NOW);
  assert.ok(result.ok, JSON.stringify(result));

  const rows = await db.select().from(pledges).where(eq(pledges.caseId, picked.caseId));
  assert.equal(rows.length, 1);
  const [p] = rows;
  assert.deepEqual([p!.partyMemberId, p!.month, p!.kind, p!.status], [account.partyMemberId, '2026-11', 'case', 'approved']);
  assert.ok(p!.title.includes(picked.number));
  if (picked.residentName) assert.ok(!p!.title.includes(picked.residentName), 'no resident’s name on the pledge board');
  const check = await midMonthCheck(db, user.scope, '2026-11', NOW);
  assert.equal(check.members.find((m) => m.id === account.partyMemberId)?.check.noPledge, false);
  const unread = await db.select().from(notifications).where(and(eq(notifications.accountId, account.id), eq(notifications.kind, 'pledge_reminder')));
  assert.ok(unread.every((n) => n.readAt !== null), 'the claim answered the reminder');

  // A refused claim (a stale version) records no pledge.
  const again = await performAction(store, actorFromUser(user), { id: picked.caseId }, { action: 'claim', version: picked.version }, [], NOW);
  assert.equal(again.ok, false);
  assert.equal((await db.select().from(pledges).where(eq(pledges.caseId, picked.caseId))).length, 1);
});
