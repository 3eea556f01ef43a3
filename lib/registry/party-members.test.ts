// Party members (报到, floating, transfer out) and 党员中心户: who may change them, and that a household has at most one central household.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, count, eq, like } from 'drizzle-orm';
import { accounts, auditLog, centralHouseholdLinks, centralHouseholds, households, orgNodes, partyMembers, persons } from '@/db/schema';
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

const { db, close } = openTestDatabase({ demo: true });
after(close);

const userOf = (username: string) => loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!;
const gridA = userOf('wg01').scopeNodes[0]!;
const gridC = userOf('wg02').scopeNodes[0]!;
const buildingOf = (grid: { path: string }) => db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).get()!;
const auditRows = () => db.select({ n: count() }).from(auditLog).get()!.n;
const centralsIn = (grid: { path: string }) =>
  db
    .select({ id: centralHouseholds.id, householdId: centralHouseholds.householdId, partyMemberId: centralHouseholds.partyMemberId })
    .from(centralHouseholds)
    .innerJoin(households, eq(households.id, centralHouseholds.householdId))
    .where(like(households.nodePath, `${grid.path}%`))
    .all();
const linkOf = (householdId: number) => db.select().from(centralHouseholdLinks).where(eq(centralHouseholdLinks.householdId, householdId)).get()?.centralHouseholdId ?? null;
const memberInput = (nodeId: number) => ({ kind: 'in_service' as const, workplace: '县供电公司', unitId: '', nodeId, registeredOn: '2026-03-01' });

test('party members: admin and the secretaries above may register, edit and transfer; grid workers, members, liaisons and other communities get 404', () => {
  const building = buildingOf(gridA);
  const expected: Record<string, boolean> = { admin: true, zhenshuji: true, shuji: true, fqshuji: false, wg01: false, dy01: false, dw01: false };
  let n = 0;
  for (const [username, allowed] of Object.entries(expected)) {
    const actor = userOf(username);
    const before = auditRows();
    const r = registerPartyMember(db, actor, { name: `报到党员${n++}`, gender: 'M', phone: '', idNumber: '', birthDate: '' }, memberInput(building.id));
    if (!allowed) {
      assert.deepEqual(r, { ok: false, notFound: true }, username);
      assert.equal(auditRows(), before, username);
      continue;
    }
    assert.ok(r.ok, `${username}: ${JSON.stringify(r)}`);
    const member = db.select().from(partyMembers).where(eq(partyMembers.id, r.id)).get()!;
    assert.equal(member.nodePath, building.path);
    assert.equal(db.select().from(persons).where(eq(persons.id, member.personId)).get()!.householdId, null, 'lives elsewhere');
    assert.deepEqual(updatePartyMember(db, actor, r.id, { ...memberInput(building.id), workplace: '县人民医院' }), { ok: true, changed: true });
    assert.deepEqual(transferOutPartyMember(db, actor, r.id, { leftOn: '2026-10-01' }), { ok: true, changed: true });
    const gone = db.select().from(partyMembers).where(eq(partyMembers.id, r.id)).get()!;
    assert.deepEqual([gone.status, gone.leftOn, gone.workplace], ['transferred_out', '2026-10-01', '县人民医院']);
  }
  const someone = db.select().from(partyMembers).where(like(partyMembers.nodePath, `${gridA.path}%`)).get()!;
  for (const username of ['fqshuji', 'wg01', 'dy01']) {
    assert.deepEqual(updatePartyMember(db, userOf(username), someone.id, memberInput(building.id)), { ok: false, notFound: true });
    assert.deepEqual(transferOutPartyMember(db, userOf(username), someone.id, {}), { ok: false, notFound: true });
  }
});

test('a secretary cannot put a member to serve a building outside their community, and a floating member registers from an existing resident once', () => {
  const shuji = userOf('shuji');
  const fqBuilding = buildingOf(userOf('fqshuji').scopeNodes[0]!);
  const outside = registerPartyMember(db, shuji, { name: '越界', gender: 'F' }, memberInput(fqBuilding.id));
  assert.deepEqual(outside, { ok: false, notFound: true });
  const resident = db
    .select({ id: persons.id })
    .from(persons)
    .innerJoin(households, eq(households.id, persons.householdId))
    .where(and(like(households.nodePath, `${gridC.path}%`), eq(persons.relation, 'child')))
    .all()
    .find((p) => !db.select().from(partyMembers).where(eq(partyMembers.personId, p.id)).get())!;
  const floating = registerPartyMember(db, shuji, { personId: resident.id }, { ...memberInput(buildingOf(gridC).id), kind: 'floating', workplace: '' });
  assert.ok(floating.ok, JSON.stringify(floating));
  const twice = registerPartyMember(db, shuji, { personId: resident.id }, memberInput(buildingOf(gridC).id));
  assert.ok(!twice.ok && !twice.notFound && /已登记/.test(twice.fieldErrors.personId!));
  assert.ok(listPartyMembers(db, shuji.scope, { kind: 'floating' }).items.some((m) => m.id === floating.id));
});

test('transferred-out members leave the counts', async () => {
  const shuji = userOf('shuji');
  const before = (await getOrgTree(db, shuji.scope))[0]!.counts.partyMembers;
  const member = db
    .select({ id: partyMembers.id })
    .from(partyMembers)
    .leftJoin(centralHouseholds, eq(centralHouseholds.partyMemberId, partyMembers.id))
    .where(and(like(partyMembers.nodePath, `${gridA.path}%`), eq(partyMembers.status, 'active'), eq(partyMembers.kind, 'in_service')))
    .all()
    .find((m) => !db.select().from(centralHouseholds).where(eq(centralHouseholds.partyMemberId, m.id)).get())!;
  assert.ok(transferOutPartyMember(db, shuji, member.id, {}).ok);
  assert.equal((await getOrgTree(db, shuji.scope))[0]!.counts.partyMembers, before - 1);
});

test('a household has at most one central household: reassigning moves the link, within the grid only', () => {
  const shuji = userOf('shuji');
  const [c1, c2] = centralsIn(gridA);
  const linked = db.select().from(centralHouseholdLinks).where(eq(centralHouseholdLinks.centralHouseholdId, c1!.id)).get()!;
  assert.deepEqual(assignCentralHousehold(db, shuji, linked.householdId, c2!.id), { ok: true, changed: true });
  assert.equal(linkOf(linked.householdId), c2!.id);
  assert.equal(db.select({ n: count() }).from(centralHouseholdLinks).where(eq(centralHouseholdLinks.householdId, linked.householdId)).get()!.n, 1);
  const audit = db.select().from(auditLog).where(eq(auditLog.subject, `household:${linked.householdId}`)).all().at(-1)!;
  assert.deepEqual(JSON.parse(audit.detail!).centralHouseholdId, [c1!.id, c2!.id]);

  const otherGrid = centralsIn(gridC)[0]!;
  const far = assignCentralHousehold(db, shuji, linked.householdId, otherGrid.id);
  assert.ok(!far.ok && !far.notFound && /本网格/.test(far.fieldErrors.centralId!));
  const self = assignCentralHousehold(db, shuji, c1!.householdId, c2!.id);
  assert.ok(!self.ok && !self.notFound, 'a central household is not looked after by another');
  assert.equal(linkOf(linked.householdId), c2!.id, 'refusals change nothing');

  assert.deepEqual(assignCentralHousehold(db, shuji, linked.householdId, null), { ok: true, changed: true });
  assert.equal(linkOf(linked.householdId), null);
  // Grid workers do not manage central households; another community's secretary does not see them.
  assert.deepEqual(assignCentralHousehold(db, userOf('wg01'), linked.householdId, c1!.id), { ok: false, notFound: true });
  assert.deepEqual(assignCentralHousehold(db, userOf('fqshuji'), linked.householdId, c1!.id), { ok: false, notFound: true });
  assert.equal(gridPathOf(`${gridA.path}123/`), gridA.path);
});

test('a member running a central household hands it over before transferring out; an empty central household can be dissolved', () => {
  const shuji = userOf('shuji');
  const [, , c3, c4] = centralsIn(gridA);
  const refused = transferOutPartyMember(db, shuji, c3!.partyMemberId, {});
  assert.ok(!refused.ok && !refused.notFound && /党员中心户/.test(refused.fieldErrors.leftOn!));
  const nonEmpty = removeCentralHousehold(db, shuji, c3!.id);
  assert.ok(!nonEmpty.ok && !nonEmpty.notFound);
  for (const l of db.select().from(centralHouseholdLinks).where(eq(centralHouseholdLinks.centralHouseholdId, c3!.id)).all()) {
    assert.ok(assignCentralHousehold(db, shuji, l.householdId, c4!.id).ok);
  }
  assert.deepEqual(removeCentralHousehold(db, shuji, c3!.id), { ok: true });
  assert.ok(transferOutPartyMember(db, shuji, c3!.partyMemberId, {}).ok);
  // And a member living in the grid can set up a new one, which then may be given households.
  const member = db
    .select({ id: partyMembers.id, householdId: persons.householdId })
    .from(partyMembers)
    .innerJoin(persons, eq(persons.id, partyMembers.personId))
    .where(and(like(partyMembers.nodePath, `${gridA.path}%`), eq(partyMembers.status, 'active')))
    .all()
    .find((m) => m.householdId !== null && !db.select().from(centralHouseholds).where(eq(centralHouseholds.householdId, m.householdId)).get())!;
  const created = createCentralHousehold(db, shuji, member.id);
  assert.ok(created.ok, JSON.stringify(created));
  assert.equal(linkOf(member.householdId!), null, 'a new central household is no longer looked after by another');
  assert.deepEqual(createCentralHousehold(db, userOf('wg01'), member.id), { ok: false, notFound: true });
});
