// A request logged from a visit: door-knocking, the visited household, linked once; anything else is refused and
// logs nothing. On the engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL, a
// verified copy of the same demo): who is who is read from the SQLite fixture at load, everything written through the store.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { asc, count, eq, like, ne } from 'drizzle-orm';
import { accounts, households } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { cases, visits } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCase } from '@/lib/cases/commands';
import { householdVisits, visitForIntake } from './history';
import { recordVisit, visitInputSchema } from './record';

const fixture = openTestDatabase({ demo: true });
const db = fixture.db;
after(fixture.close);
const storeFor = registerTestStore({ source: fixture });
const countCases = async (sdb: AppDb, where?: ReturnType<typeof ne>) => (await sdb.select({ n: count() }).from(cases).where(where))[0]!.n;

const NOW = new Date('2026-12-02T10:00:00+08:00');
const wg01 = loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'wg01')).get()!.id)!;
const [, hA2, hA3] = db.select().from(households).where(like(households.nodePath, `${wg01.scopeNodes[0]!.path}%`)).orderBy(asc(households.id)).all();

test('a request logged from a visit: door-knocking, the visited household, linked once; anything else is refused and logs nothing', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const r = await recordVisit(store, wg01, visitInputSchema.parse({ householdId: hA2!.id, notes: '老人身体尚好，生活能自理', observations: '楼道灯不亮' }), null, NOW);
  assert.ok(r.ok);
  const actor = actorFromUser(wg01);
  const base = { description: '走访发现：3单元楼道灯不亮', nodeId: hA2!.nodeId, householdId: hA2!.id, urgency: 'normal' as const, ownIntake: true, visitId: r.visitId };
  const casesBefore = await countCases(store.db);
  const wrongSource = await createCase(store, actor, { ...base, source: 'patrol' }, [], NOW);
  assert.ok(!wrongSource.ok && wrongSource.code === 'invalid_input');
  const wrongHousehold = await createCase(store, actor, { ...base, source: 'door_knock', householdId: hA3!.id, nodeId: hA3!.nodeId }, [], NOW);
  assert.ok(!wrongHousehold.ok && wrongHousehold.code === 'invalid_input');
  assert.equal(await countCases(store.db), casesBefore);

  const created = await createCase(store, actor, { ...base, source: 'door_knock' }, [], NOW);
  assert.ok(created.ok);
  assert.equal((await store.db.select().from(visits).where(eq(visits.id, r.visitId)))[0]!.caseId, created.id);
  assert.equal((await visitForIntake(store.db, wg01.scope, r.visitId))!.caseNumber, created.number);
  assert.equal((await householdVisits(store.db, wg01.scope, hA2!.id))[0]!.caseNumber, created.number);
  const twice = await createCase(store, actor, { ...base, source: 'door_knock' }, [], NOW);
  assert.ok(!twice.ok && twice.code === 'conflict');
  assert.equal(await countCases(store.db, ne(cases.id, created.id)), casesBefore);
});
