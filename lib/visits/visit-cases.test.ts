// A request logged from a visit: door-knocking, the visited household, linked once; anything else is refused and
// logs nothing. SQLite only while lib/cases (createCase) has not moved to the engine-neutral store; the visit side
// goes through the store on the same database.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { asc, count, eq, like, ne } from 'drizzle-orm';
import { accounts, cases, households, visits } from '@/db/schema';
import { openSqliteStore } from '@/db/store';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCaseSync } from '@/lib/cases/commands';
import { householdVisits, visitForIntake } from './history';
import { recordVisit, visitInputSchema } from './record';

const { db, sqlite, file, close } = openTestDatabase({ demo: true });
const store = openSqliteStore(file, { writer: sqlite });
after(async () => {
  await store.close();
  close();
});

const NOW = new Date('2026-12-02T10:00:00+08:00');
const wg01 = loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'wg01')).get()!.id)!;
const [, hA2, hA3] = db.select().from(households).where(like(households.nodePath, `${wg01.scopeNodes[0]!.path}%`)).orderBy(asc(households.id)).all();

test('a request logged from a visit: door-knocking, the visited household, linked once; anything else is refused and logs nothing', async () => {
  const r = await recordVisit(store, wg01, visitInputSchema.parse({ householdId: hA2!.id, notes: '老人身体尚好，生活能自理', observations: '楼道灯不亮' }), null, NOW);
  assert.ok(r.ok);
  const actor = actorFromUser(wg01);
  const base = { description: '走访发现：3单元楼道灯不亮', nodeId: hA2!.nodeId, householdId: hA2!.id, urgency: 'normal' as const, ownIntake: true, visitId: r.visitId };
  const casesBefore = db.select({ n: count() }).from(cases).get()!.n;
  const wrongSource = createCaseSync(db, actor, { ...base, source: 'patrol' }, [], NOW);
  assert.ok(!wrongSource.ok && wrongSource.code === 'invalid_input');
  const wrongHousehold = createCaseSync(db, actor, { ...base, source: 'door_knock', householdId: hA3!.id, nodeId: hA3!.nodeId }, [], NOW);
  assert.ok(!wrongHousehold.ok && wrongHousehold.code === 'invalid_input');
  assert.equal(db.select({ n: count() }).from(cases).get()!.n, casesBefore);

  const created = createCaseSync(db, actor, { ...base, source: 'door_knock' }, [], NOW);
  assert.ok(created.ok);
  assert.equal(db.select().from(visits).where(eq(visits.id, r.visitId)).get()!.caseId, created.id);
  assert.equal((await visitForIntake(store.db, wg01.scope, r.visitId))!.caseNumber, created.number);
  assert.equal((await householdVisits(store.db, wg01.scope, hA2!.id))[0]!.caseNumber, created.number);
  const twice = createCaseSync(db, actor, { ...base, source: 'door_knock' }, [], NOW);
  assert.ok(!twice.ok && twice.code === 'conflict');
  assert.equal(db.select({ n: count() }).from(cases).where(ne(cases.id, created.id)).get()!.n, casesBefore);
});
