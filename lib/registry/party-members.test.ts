// Party members (报到, floating, transfer out) and 党员中心户: who may change them, and that a household has at most one central household.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { and, count, eq, like } from 'drizzle-orm';
import { accounts } from '@/db/schema';
import { auditLog, centralHouseholdLinks, centralHouseholds, households, orgNodes, partyMembers, persons } from '@/db/tables';
import type { AppDb, Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { getOrgTree } from '@/lib/org/queries';
import {
  assignCentralHousehold,
  createCentralHousehold,
  gridPathOf,
  listPartyMembers,
  registerPartyMember,
  removeCentralHousehold,
  transferOutPartyMember,
  updatePartyMember,
} from './party-members';

// On the engine of this test process (test:unit SQLite, test:unit:pg PostgreSQL); who is who from the same demo
// generated into SQLite, as loadUser has not moved to the store yet.
const storeFor = registerTestStore({ demo: true });
const { db: fixtures, close } = openTestDatabase({ demo: true });
after(close);
let store: Store;
let db: AppDb;
/** The store of this file for test `t` (false: PostgreSQL is not available, the test is skipped). */
function use(t: TestContext): boolean {
  const s = storeFor(t);
  if (!s) return false;
  [store, db] = [s, s.db];
  return true;
}

const userOf = (username: string) => loadUserSync(fixtures, fixtures.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!;
const gridA = userOf('wg01').scopeNodes[0]!;
const gridC = userOf('wg02').scopeNodes[0]!;
const buildingOf = async (grid: { path: string }) => (await db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).limit(1))[0]!;
const auditRows = async () => (await db.select({ n: count() }).from(auditLog).limit(1))[0]!.n;
const centralsIn = async (grid: { path: string }) =>
  (await db
    .select({ id: centralHouseholds.id, householdId: centralHouseholds.householdId, partyMemberId: centralHouseholds.partyMemberId })
    .from(centralHouseholds)
    .innerJoin(households, eq(households.id, centralHouseholds.householdId))
    .where(like(households.nodePath, `${grid.path}%`)));
const linkOf = async (householdId: number) => (await db.select().from(centralHouseholdLinks).where(eq(centralHouseholdLinks.householdId, householdId)).limit(1))[0]?.centralHouseholdId ?? null;
const memberInput = (nodeId: number) => ({ kind: 'in_service' as const, workplace: '县供电公司', unitId: '', nodeId, registeredOn: '2026-03-01' });

test('party members: admin and the secretaries above may register, edit and transfer; grid workers, members, liaisons and other communities get 404', async (t) => {
  if (!use(t)) return;
  const building = (await buildingOf(gridA));
  const expected: Record<string, boolean> = { admin: true, zhenshuji: true, shuji: true, fqshuji: false, wg01: false, dy01: false, dw01: false };
  let n = 0;
  for (const [username, allowed] of Object.entries(expected)) {
    const actor = userOf(username);
    const before = (await auditRows());
    const r = await registerPartyMember(store, actor, { name: `报到党员${n++}`, gender: 'M', phone: '', idNumber: '', birthDate: '' }, memberInput(building.id));
    if (!allowed) {
      assert.deepEqual(r, { ok: false, notFound: true }, username);
      assert.equal((await auditRows()), before, username);
      continue;
    }
    assert.ok(r.ok, `${username}: ${JSON.stringify(r)}`);
    const member = (await db.select().from(partyMembers).where(eq(partyMembers.id, r.id)).limit(1))[0]!;
    assert.equal(member.nodePath, building.path);
    assert.equal((await db.select().from(persons).where(eq(persons.id, member.personId)).limit(1))[0]!.householdId, null, 'lives elsewhere');
    assert.deepEqual(await updatePartyMember(store, actor, r.id, { ...memberInput(building.id), workplace: '县人民医院' }), { ok: true, changed: true });
    assert.deepEqual(await transferOutPartyMember(store, actor, r.id, { leftOn: '2026-10-01' }), { ok: true, changed: true });
    const gone = (await db.select().from(partyMembers).where(eq(partyMembers.id, r.id)).limit(1))[0]!;
    assert.deepEqual([gone.status, gone.leftOn, gone.workplace], ['transferred_out', '2026-10-01', '县人民医院']);
  }
  const someone = (await db.select().from(partyMembers).where(like(partyMembers.nodePath, `${gridA.path}%`)).limit(1))[0]!;
  for (const username of ['fqshuji', 'wg01', 'dy01']) {
    assert.deepEqual(await updatePartyMember(store, userOf(username), someone.id, memberInput(building.id)), { ok: false, notFound: true });
    assert.deepEqual(await transferOutPartyMember(store, userOf(username), someone.id, {}), { ok: false, notFound: true });
  }
});

test('a secretary cannot put a member to serve a building outside their community, and a floating member registers from an existing resident once', async (t) => {
  if (!use(t)) return;
  const shuji = userOf('shuji');
  const fqBuilding = (await buildingOf(userOf('fqshuji').scopeNodes[0]!));
  const outside = await registerPartyMember(store, shuji, { name: '越界', gender: 'F' }, memberInput(fqBuilding.id));
  assert.deepEqual(outside, { ok: false, notFound: true });
  const memberPersonIds = new Set((await db.select({ id: partyMembers.personId }).from(partyMembers)).map((m) => m.id));
  const resident = (await db
    .select({ id: persons.id })
    .from(persons)
    .innerJoin(households, eq(households.id, persons.householdId))
    .where(and(like(households.nodePath, `${gridC.path}%`), eq(persons.relation, 'child'))))
    .find((p) => !memberPersonIds.has(p.id))!;
  const floating = await registerPartyMember(store, shuji, { personId: resident.id }, { ...memberInput((await buildingOf(gridC)).id), kind: 'floating', workplace: '' });
  assert.ok(floating.ok, JSON.stringify(floating));
  const twice = await registerPartyMember(store, shuji, { personId: resident.id }, memberInput((await buildingOf(gridC)).id));
  assert.ok(!twice.ok && !twice.notFound && /已登记/.test(twice.fieldErrors.personId!));
  assert.ok((await listPartyMembers(db, shuji.scope, { kind: 'floating' })).items.some((m) => m.id === floating.id));
});

test('transferred-out members leave the counts', async (t) => {
  if (!use(t)) return;
  const shuji = userOf('shuji');
  const before = (await getOrgTree(db, shuji.scope))[0]!.counts.partyMembers;
  const centralMembers = new Set((await db.select({ id: centralHouseholds.partyMemberId }).from(centralHouseholds)).map((c) => c.id));
  const member = (await db
    .select({ id: partyMembers.id })
    .from(partyMembers)
    .leftJoin(centralHouseholds, eq(centralHouseholds.partyMemberId, partyMembers.id))
    .where(and(like(partyMembers.nodePath, `${gridA.path}%`), eq(partyMembers.status, 'active'), eq(partyMembers.kind, 'in_service'))))
    .find((m) => !centralMembers.has(m.id))!;
  assert.ok((await transferOutPartyMember(store, shuji, member.id, {})).ok);
  assert.equal((await getOrgTree(db, shuji.scope))[0]!.counts.partyMembers, before - 1);
});

test('a household has at most one central household: reassigning moves the link, within the grid only', async (t) => {
  if (!use(t)) return;
  const shuji = userOf('shuji');
  const [c1, c2] = (await centralsIn(gridA));
  const linked = (await db.select().from(centralHouseholdLinks).where(eq(centralHouseholdLinks.centralHouseholdId, c1!.id)).limit(1))[0]!;
  assert.deepEqual(await assignCentralHousehold(store, shuji, linked.householdId, c2!.id), { ok: true, changed: true });
  assert.equal((await linkOf(linked.householdId)), c2!.id);
  assert.equal((await db.select({ n: count() }).from(centralHouseholdLinks).where(eq(centralHouseholdLinks.householdId, linked.householdId)).limit(1))[0]!.n, 1);
  const audit = (await db.select().from(auditLog).where(eq(auditLog.subject, `household:${linked.householdId}`))).at(-1)!;
  assert.deepEqual(JSON.parse(audit.detail!).centralHouseholdId, [c1!.id, c2!.id]);

  const otherGrid = (await centralsIn(gridC))[0]!;
  const far = await assignCentralHousehold(store, shuji, linked.householdId, otherGrid.id);
  assert.ok(!far.ok && !far.notFound && /本网格/.test(far.fieldErrors.centralId!));
  const self = await assignCentralHousehold(store, shuji, c1!.householdId, c2!.id);
  assert.ok(!self.ok && !self.notFound, 'a central household is not looked after by another');
  assert.equal((await linkOf(linked.householdId)), c2!.id, 'refusals change nothing');

  assert.deepEqual(await assignCentralHousehold(store, shuji, linked.householdId, null), { ok: true, changed: true });
  assert.equal((await linkOf(linked.householdId)), null);
  // Grid workers do not manage central households; another community's secretary does not see them.
  assert.deepEqual(await assignCentralHousehold(store, userOf('wg01'), linked.householdId, c1!.id), { ok: false, notFound: true });
  assert.deepEqual(await assignCentralHousehold(store, userOf('fqshuji'), linked.householdId, c1!.id), { ok: false, notFound: true });
  assert.equal(gridPathOf(`${gridA.path}123/`), gridA.path);
});

test('a member running a central household hands it over before transferring out; an empty central household can be dissolved', async (t) => {
  if (!use(t)) return;
  const shuji = userOf('shuji');
  const [, , c3, c4] = (await centralsIn(gridA));
  const refused = await transferOutPartyMember(store, shuji, c3!.partyMemberId, {});
  assert.ok(!refused.ok && !refused.notFound && /党员中心户/.test(refused.fieldErrors.leftOn!));
  const nonEmpty = await removeCentralHousehold(store, shuji, c3!.id);
  assert.ok(!nonEmpty.ok && !nonEmpty.notFound);
  for (const l of (await db.select().from(centralHouseholdLinks).where(eq(centralHouseholdLinks.centralHouseholdId, c3!.id)))) {
    assert.ok((await assignCentralHousehold(store, shuji, l.householdId, c4!.id)).ok);
  }
  assert.deepEqual(await removeCentralHousehold(store, shuji, c3!.id), { ok: true });
  assert.ok((await transferOutPartyMember(store, shuji, c3!.partyMemberId, {})).ok);
  // And a member living in the grid can set up a new one, which then may be given households.
  const centralHomes = new Set((await db.select({ id: centralHouseholds.householdId }).from(centralHouseholds)).map((c) => c.id));
  const member = (await db
    .select({ id: partyMembers.id, householdId: persons.householdId })
    .from(partyMembers)
    .innerJoin(persons, eq(persons.id, partyMembers.personId))
    .where(and(like(partyMembers.nodePath, `${gridA.path}%`), eq(partyMembers.status, 'active'))))
    .find((m) => m.householdId !== null && !centralHomes.has(m.householdId))!;
  const created = await createCentralHousehold(store, shuji, member.id);
  assert.ok(created.ok, JSON.stringify(created));
  assert.equal((await linkOf(member.householdId!)), null, 'a new central household is no longer looked after by another');
  assert.deepEqual(await createCentralHousehold(store, userOf('wg01'), member.id), { ok: false, notFound: true });
});
