// Households, residents and care tags ★: who may change which household (role × scope × action), what input is refused, and that refusals write nothing.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, count, eq, like, ne } from 'drizzle-orm';
import { accounts, auditLog, centralHouseholdLinks, householdCareTags, households, orgNodes, persons } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { getHousehold } from '@/lib/org/households';
import { getOrgTree } from '@/lib/org/queries';
import { createHousehold, householdNodeChoices, setHouseholdStatus, updateHousehold, updateHouseholdCareTags } from './households';
import { createResident, setResidentStatus, updateResident } from './persons';

const { db, close } = openTestDatabase({ demo: true });
after(close);

const userOf = (username: string) => loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!;
const gridA = userOf('wg01').scopeNodes[0]!;
const gridC = userOf('wg02').scopeNodes[0]!;
const buildingsOf = (grid: { path: string }) => db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).all();
const [buildingA, buildingA2] = buildingsOf(gridA);
const buildingC = buildingsOf(gridC)[0]!;
const householdIn = (building: { id: number }, offset = 0) => db.select().from(households).where(eq(households.nodeId, building.id)).limit(1).offset(offset).get()!;
const auditRows = () => db.select({ n: count() }).from(auditLog).get()!.n;

/** Who may change a household of grid A: the administrator, both secretaries above it, and its own grid worker. */
const EXPECTED: Record<string, boolean> = { admin: true, zhenshuji: true, shuji: true, wg01: true, fqshuji: false, wg02: false, dy01: false, dw01: false };

type Attempt = (actor: ReturnType<typeof userOf>, household: typeof households.$inferSelect, person: typeof persons.$inferSelect) => { ok: boolean; notFound?: true };
let roomSeq = 900;
const ACTIONS: Record<string, Attempt> = {
  createHousehold: (actor) => createHousehold(db, actor, { nodeId: buildingA!.id, unit: '9单元', room: String(roomSeq++), size: 2, address: '' }),
  updateHousehold: (actor, h) => updateHousehold(db, actor, h.id, { nodeId: h.nodeId, unit: h.unit ?? '', room: h.room ?? '', address: h.address, size: (h.size + 1) % 10 }),
  setHouseholdStatus: (actor, h) => setHouseholdStatus(db, actor, h.id, { status: h.status === 'vacant' ? 'occupied' : 'vacant' }),
  createResident: (actor, h) => createResident(db, actor, h.id, { name: '测试居民', gender: 'F', relation: 'other' }),
  updateResident: (actor, _h, p) => updateResident(db, actor, p.id, { name: p.name, gender: p.gender, relation: p.relation, phone: `1390000${String(roomSeq++).padStart(4, '0')}` }),
  setResidentStatus: (actor, _h, p) => setResidentStatus(db, actor, p.id, { status: p.status === 'moved_out' ? 'present' : 'moved_out' }),
  updateCareTags: (actor, h) => updateHouseholdCareTags(db, actor, h.id, [{ tag: roomSeq++ % 2 ? 'disabled' : 'hardship', since: '2025-03-01', note: '测试' }]),
};

for (const [name, attempt] of Object.entries(ACTIONS)) {
  test(`${name}: allowed for admin, secretaries above and the grid's worker; 404 for everyone else, writing nothing`, () => {
    for (const [username, allowed] of Object.entries(EXPECTED)) {
      const h = db.select().from(households).where(eq(households.id, householdIn(buildingA!).id)).get()!;
      const p = db.select().from(persons).where(eq(persons.householdId, h.id)).get()!;
      const before = auditRows();
      const result = attempt(userOf(username), h, p);
      if (allowed) {
        assert.equal(result.ok, true, `${username} may ${name}: ${JSON.stringify(result)}`);
        assert.ok(auditRows() > before, `${username}'s ${name} is audited`);
      } else {
        assert.deepEqual(result, { ok: false, notFound: true }, `${username} may not ${name}`);
        assert.equal(auditRows(), before, `${username}'s refused ${name} wrote nothing`);
      }
    }
  });
}

test('a grid worker cannot move a household of their grid into another grid, nor create one there', () => {
  const wg01 = userOf('wg01');
  const h = householdIn(buildingA!, 3);
  const moved = updateHousehold(db, wg01, h.id, { nodeId: buildingC.id, unit: h.unit ?? '', room: h.room ?? '', address: '', size: h.size });
  assert.deepEqual(moved, { ok: false, notFound: true });
  assert.equal(db.select().from(households).where(eq(households.id, h.id)).get()!.nodeId, h.nodeId);
  assert.deepEqual(createHousehold(db, wg01, { nodeId: buildingC.id, room: '101', size: 1, address: '' }), { ok: false, notFound: true });
  assert.ok(householdNodeChoices(db, wg01.scope).every((c) => c.label.startsWith(gridA.name)));
});

test('moving a household to another building of the grid updates its path and composed address, audited with a note', () => {
  const wg01 = userOf('wg01');
  const h = householdIn(buildingA!, 4);
  const r = updateHousehold(db, wg01, h.id, { nodeId: buildingA2!.id, unit: '1单元', room: '1808', address: '', size: h.size });
  assert.equal(r.ok, true);
  const after = db.select().from(households).where(eq(households.id, h.id)).get()!;
  assert.equal(after.nodePath, buildingA2!.path);
  assert.equal(after.address, `${gridA.name} ${buildingA2!.name} 1单元 1808`);
  const audit = db.select().from(auditLog).where(eq(auditLog.subject, `household:${h.id}`)).all().at(-1)!;
  assert.equal(audit.action, 'update_household');
  assert.match(audit.detail!, /迁至/);
  assert.deepEqual(JSON.parse(audit.detail!).nodeId, [h.nodeId, buildingA2!.id]);
});

test('bad household input is refused with Chinese messages and writes nothing', () => {
  const shuji = userOf('shuji');
  const existing = householdIn(buildingA!, 5);
  const before = auditRows();
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ nodeId: buildingA!.id, room: '', size: 1 }, 'room', /房号/],
    [{ nodeId: buildingA!.id, room: '101', size: 31 }, 'size', /0–30/],
    [{ nodeId: buildingA!.id, room: '101', size: 'abc' }, 'size', /整数/],
    [{ nodeId: 'x', room: '101', size: 1 }, 'nodeId', /楼栋/],
    [{ nodeId: gridA.id, room: '101', size: 1 }, 'nodeId', /楼栋/], // a city grid holds buildings, not households
    [{ nodeId: existing.nodeId, unit: existing.unit ?? '', room: existing.room, size: 1 }, 'room', /已有住户档案/],
  ];
  for (const [input, field, message] of cases) {
    const r = createHousehold(db, shuji, { address: '', ...input } as never);
    assert.equal(r.ok, false, JSON.stringify(input));
    assert.ok(!r.ok && !r.notFound && message.test(r.fieldErrors[field] ?? ''), `${JSON.stringify(input)} → ${JSON.stringify(r)}`);
  }
  assert.equal(auditRows(), before);
});

test('a household marked moved away is kept with its history, leaves the counts, and its room can take a new household', async () => {
  const wg01 = userOf('wg01');
  // A household some central household looks after: moving away also ends that link.
  const h = db
    .select({ h: households })
    .from(households)
    .innerJoin(centralHouseholdLinks, eq(centralHouseholdLinks.householdId, households.id))
    .where(eq(households.nodeId, buildingA!.id))
    .get()!.h;
  const counted = async () => (await getOrgTree(db, wg01.scope))[0]!.counts;
  const before = await counted();
  const present = db.select({ n: count() }).from(persons).where(and(eq(persons.householdId, h.id), eq(persons.status, 'present'))).get()!.n;
  assert.equal(setHouseholdStatus(db, wg01, h.id, { status: 'moved_away', since: '2026-10-01' }).ok, true);
  assert.equal((await counted()).households, before.households - 1);
  assert.equal((await counted()).residents, before.residents - present);
  assert.equal(db.select().from(centralHouseholdLinks).where(eq(centralHouseholdLinks.householdId, h.id)).get(), undefined);
  const after = db.select().from(households).where(eq(households.id, h.id)).get()!;
  assert.deepEqual([after.status, after.statusSince], ['moved_away', '2026-10-01']);
  assert.equal(setHouseholdStatus(db, wg01, h.id, { status: 'vacant', since: '2999-01-01' }).ok, false, 'a future date is refused');
  const fresh = createHousehold(db, wg01, { nodeId: h.nodeId, unit: h.unit ?? '', room: h.room ?? '', size: 3, address: '' });
  assert.equal(fresh.ok, true);
  const restore = setHouseholdStatus(db, wg01, h.id, { status: 'occupied' });
  assert.ok(!restore.ok && !restore.notFound && /新的住户档案/.test(restore.fieldErrors.status!));
});

test('care tags: 80岁以上 cannot be set by hand, a future since-date or an unknown tag is refused, and tags carry since and note', async () => {
  const wg01 = userOf('wg01');
  const h = householdIn(buildingA!, 7);
  for (const bad of [{ tag: 'elderly_80' }, { tag: 'vip' }, { tag: 'living_alone', since: '2026-13-01' }, { tag: 'living_alone', since: '2999-01-01' }]) {
    const r = updateHouseholdCareTags(db, wg01, h.id, [bad]);
    assert.equal(r.ok, false, JSON.stringify(bad));
  }
  assert.equal(db.select({ n: count() }).from(householdCareTags).where(and(eq(householdCareTags.householdId, h.id), eq(householdCareTags.tag, 'elderly_80'))).get()!.n, 0);
  const ok = updateHouseholdCareTags(db, wg01, h.id, [{ tag: 'living_alone', since: '2026-01-05', note: '子女在外地' }]);
  assert.deepEqual(ok, { ok: true, changed: true });
  const record = (await getHousehold(db, wg01.scope, h.id))!;
  assert.deepEqual(record.careTags, [{ tag: 'living_alone', since: '2026-01-05', note: '子女在外地' }]);
  assert.deepEqual(updateHouseholdCareTags(db, wg01, h.id, [{ tag: 'living_alone', since: '2026-01-05', note: '子女在外地' }]), { ok: true, changed: false });
});

test('the database itself refuses a stored 80岁以上 tag', () => {
  const h = householdIn(buildingA!, 8);
  assert.throws(() => db.insert(householdCareTags).values({ householdId: h.id, tag: 'elderly_80' }).run(), /computed/);
});

test("residents: a grid worker adds and edits residents in their grid only; another grid's resident is not found", () => {
  const wg01 = userOf('wg01');
  const other = db.select().from(persons).innerJoin(households, eq(households.id, persons.householdId)).where(eq(households.nodeId, buildingC.id)).get()!.persons;
  assert.deepEqual(updateResident(db, wg01, other.id, { name: '改名', gender: 'M', relation: 'head' }), { ok: false, notFound: true });
  assert.deepEqual(setResidentStatus(db, wg01, other.id, { status: 'deceased' }), { ok: false, notFound: true });
  assert.deepEqual(createResident(db, wg01, householdIn(buildingC).id, { name: '新人', gender: 'M', relation: 'child' }), { ok: false, notFound: true });
  const unchanged = db.select().from(persons).where(eq(persons.id, other.id)).get()!;
  assert.equal(unchanged.name, other.name);
  // A person who lives elsewhere (a party member registered with the community) is not a resident to edit here.
  const elsewhere = db.select().from(persons).where(ne(persons.id, 0)).all().find((p) => p.householdId === null);
  if (elsewhere) assert.deepEqual(updateResident(db, userOf('admin'), elsewhere.id, { name: 'x', gender: 'M', relation: 'other' }), { ok: false, notFound: true });
});
