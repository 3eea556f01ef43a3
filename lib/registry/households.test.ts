// Households, residents and care tags ★: who may change which household (role × scope × action), what input is refused, and that refusals write nothing.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { and, count, eq, like, ne } from 'drizzle-orm';
import { accounts, orgNodes } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { auditLog, centralHouseholdLinks, householdCareTags, households, persons } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { getHousehold } from '@/lib/org/households';
import { getOrgTree } from '@/lib/org/queries';
import { createHousehold, householdNodeChoices, setHouseholdStatus, updateHousehold, updateHouseholdCareTags } from './households';
import { createResident, setResidentStatus, updateResident } from './persons';

// On the engine of this test process (test:unit SQLite, test:unit:pg PostgreSQL); who is who and the tree (not
// changed here) from the same demo generated into SQLite, as loadUser has not moved to the store yet.
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
const buildingsOf = (grid: { path: string }) => fixtures.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).orderBy(orgNodes.id).all();
const [buildingA, buildingA2] = buildingsOf(gridA);
const buildingC = buildingsOf(gridC)[0]!;
const householdIn = async (building: { id: number }, offset = 0) => (await db.select().from(households).where(eq(households.nodeId, building.id)).orderBy(households.id).limit(1).offset(offset))[0]!;
const auditRows = async () => (await db.select({ n: count() }).from(auditLog))[0]!.n;

/** Who may change a household of grid A: the administrator, both secretaries above it, and its own grid worker. */
const EXPECTED: Record<string, boolean> = { admin: true, zhenshuji: true, shuji: true, wg01: true, fqshuji: false, wg02: false, dy01: false, dw01: false };

type Attempt = (actor: ReturnType<typeof userOf>, household: typeof households.$inferSelect, person: typeof persons.$inferSelect) => Promise<{ ok: boolean; notFound?: true }>;
let roomSeq = 900;
const ACTIONS: Record<string, Attempt> = {
  createHousehold: async (actor) => await createHousehold(store, actor, { nodeId: buildingA!.id, unit: '9单元', room: String(roomSeq++), size: 2, address: '' }),
  updateHousehold: async (actor, h) => await updateHousehold(store, actor, h.id, { nodeId: h.nodeId, unit: h.unit ?? '', room: h.room ?? '', address: h.address, size: (h.size + 1) % 10 }),
  setHouseholdStatus: async (actor, h) => await setHouseholdStatus(store, actor, h.id, { status: h.status === 'vacant' ? 'occupied' : 'vacant' }),
  createResident: async (actor, h) => await createResident(store, actor, h.id, { name: '测试居民', gender: 'F', relation: 'other' }),
  updateResident: async (actor, _h, p) => await updateResident(store, actor, p.id, { name: p.name, gender: p.gender, relation: p.relation, phone: `1390000${String(roomSeq++).padStart(4, '0')}` }),
  setResidentStatus: async (actor, _h, p) => await setResidentStatus(store, actor, p.id, { status: p.status === 'moved_out' ? 'present' : 'moved_out' }),
  updateCareTags: async (actor, h) => await updateHouseholdCareTags(store, actor, h.id, [{ tag: roomSeq++ % 2 ? 'disabled' : 'hardship', since: '2025-03-01', note: '测试' }]),
};

for (const [name, attempt] of Object.entries(ACTIONS)) {
  test(`${name}: allowed for admin, secretaries above and the grid's worker; 404 for everyone else, writing nothing`, async (t) => {
    if (!use(t)) return;
    for (const [username, allowed] of Object.entries(EXPECTED)) {
      const h = (await db.select().from(households).where(eq(households.id, (await householdIn(buildingA!)).id)).limit(1))[0]!;
      const p = (await db.select().from(persons).where(eq(persons.householdId, h.id)).limit(1))[0]!;
      const before = await auditRows();
      const result = await attempt(userOf(username), h, p);
      if (allowed) {
        assert.equal(result.ok, true, `${username} may ${name}: ${JSON.stringify(result)}`);
        assert.ok(await auditRows() > before, `${username}'s ${name} is audited`);
      } else {
        assert.deepEqual(result, { ok: false, notFound: true }, `${username} may not ${name}`);
        assert.equal(await auditRows(), before, `${username}'s refused ${name} wrote nothing`);
      }
    }
  });
}

test('a grid worker cannot move a household of their grid into another grid, nor create one there', async (t) => {
  if (!use(t)) return;
  const wg01 = userOf('wg01');
  const h = await householdIn(buildingA!, 3);
  const moved = await updateHousehold(store, wg01, h.id, { nodeId: buildingC.id, unit: h.unit ?? '', room: h.room ?? '', address: '', size: h.size });
  assert.deepEqual(moved, { ok: false, notFound: true });
  assert.equal((await db.select().from(households).where(eq(households.id, h.id)).limit(1))[0]!.nodeId, h.nodeId);
  assert.deepEqual(await createHousehold(store, wg01, { nodeId: buildingC.id, room: '101', size: 1, address: '' }), { ok: false, notFound: true });
  assert.ok((await householdNodeChoices(db, wg01.scope)).every((c) => c.label.startsWith(gridA.name)));
});

test('moving a household to another building of the grid updates its path and composed address, audited with a note', async (t) => {
  if (!use(t)) return;
  const wg01 = userOf('wg01');
  const h = await householdIn(buildingA!, 4);
  const r = await updateHousehold(store, wg01, h.id, { nodeId: buildingA2!.id, unit: '1单元', room: '1808', address: '', size: h.size });
  assert.equal(r.ok, true);
  const after = (await db.select().from(households).where(eq(households.id, h.id)).limit(1))[0]!;
  assert.equal(after.nodePath, buildingA2!.path);
  assert.equal(after.address, `${gridA.name} ${buildingA2!.name} 1单元 1808`);
  const audit = (await db.select().from(auditLog).where(eq(auditLog.subject, `household:${h.id}`))).at(-1)!;
  assert.equal(audit.action, 'update_household');
  assert.match(audit.detail!, /迁至/);
  assert.deepEqual(JSON.parse(audit.detail!).nodeId, [h.nodeId, buildingA2!.id]);
});

test('bad household input is refused with Chinese messages and writes nothing', async (t) => {
  if (!use(t)) return;
  const shuji = userOf('shuji');
  const existing = await householdIn(buildingA!, 5);
  const before = await auditRows();
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ nodeId: buildingA!.id, room: '', size: 1 }, 'room', /房号/],
    [{ nodeId: buildingA!.id, room: '101', size: 31 }, 'size', /0–30/],
    [{ nodeId: buildingA!.id, room: '101', size: 'abc' }, 'size', /整数/],
    [{ nodeId: 'x', room: '101', size: 1 }, 'nodeId', /楼栋/],
    [{ nodeId: gridA.id, room: '101', size: 1 }, 'nodeId', /楼栋/], // a city grid holds buildings, not households
    [{ nodeId: existing.nodeId, unit: existing.unit ?? '', room: existing.room, size: 1 }, 'room', /已有住户档案/],
  ];
  for (const [input, field, message] of cases) {
    const r = await createHousehold(store, shuji, { address: '', ...input } as never);
    assert.equal(r.ok, false, JSON.stringify(input));
    assert.ok(!r.ok && !r.notFound && message.test(r.fieldErrors[field] ?? ''), `${JSON.stringify(input)} → ${JSON.stringify(r)}`);
  }
  assert.equal(await auditRows(), before);
});

test('a household marked moved away is kept with its history, leaves the counts, and its room can take a new household', async (t) => {
  if (!use(t)) return;
  const wg01 = userOf('wg01');
  // A household some central household looks after: moving away also ends that link.
  const h = (await db
    .select({ h: households })
    .from(households)
    .innerJoin(centralHouseholdLinks, eq(centralHouseholdLinks.householdId, households.id))
    .where(eq(households.nodeId, buildingA!.id)).limit(1))[0]!.h;
  const counted = async () => (await getOrgTree(db, wg01.scope))[0]!.counts;
  const before = await counted();
  const present = (await db.select({ n: count() }).from(persons).where(and(eq(persons.householdId, h.id), eq(persons.status, 'present'))).limit(1))[0]!.n;
  assert.equal((await setHouseholdStatus(store, wg01, h.id, { status: 'moved_away', since: '2026-10-01' })).ok, true);
  assert.equal((await counted()).households, before.households - 1);
  assert.equal((await counted()).residents, before.residents - present);
  assert.equal((await db.select().from(centralHouseholdLinks).where(eq(centralHouseholdLinks.householdId, h.id)).limit(1))[0], undefined);
  const after = (await db.select().from(households).where(eq(households.id, h.id)).limit(1))[0]!;
  assert.deepEqual([after.status, after.statusSince], ['moved_away', '2026-10-01']);
  assert.equal((await setHouseholdStatus(store, wg01, h.id, { status: 'vacant', since: '2999-01-01' })).ok, false, 'a future date is refused');
  const fresh = await createHousehold(store, wg01, { nodeId: h.nodeId, unit: h.unit ?? '', room: h.room ?? '', size: 3, address: '' });
  assert.equal(fresh.ok, true);
  const restore = await setHouseholdStatus(store, wg01, h.id, { status: 'occupied' });
  assert.ok(!restore.ok && !restore.notFound && /新的住户档案/.test(restore.fieldErrors.status!));
});

test('care tags: 80岁以上 cannot be set by hand, a future since-date or an unknown tag is refused, and tags carry since and note', async (t) => {
  if (!use(t)) return;
  const wg01 = userOf('wg01');
  const h = await householdIn(buildingA!, 7);
  for (const bad of [{ tag: 'elderly_80' }, { tag: 'vip' }, { tag: 'living_alone', since: '2026-13-01' }, { tag: 'living_alone', since: '2999-01-01' }]) {
    const r = await updateHouseholdCareTags(store, wg01, h.id, [bad]);
    assert.equal(r.ok, false, JSON.stringify(bad));
  }
  assert.equal((await db.select({ n: count() }).from(householdCareTags).where(and(eq(householdCareTags.householdId, h.id), eq(householdCareTags.tag, 'elderly_80'))).limit(1))[0]!.n, 0);
  const ok = await updateHouseholdCareTags(store, wg01, h.id, [{ tag: 'living_alone', since: '2026-01-05', note: '子女在外地' }]);
  assert.deepEqual(ok, { ok: true, changed: true });
  const record = (await getHousehold(db, wg01.scope, h.id))!;
  assert.deepEqual(record.careTags, [{ tag: 'living_alone', since: '2026-01-05', note: '子女在外地' }]);
  assert.deepEqual(await updateHouseholdCareTags(store, wg01, h.id, [{ tag: 'living_alone', since: '2026-01-05', note: '子女在外地' }]), { ok: true, changed: false });
});

test('the database itself refuses a stored 80岁以上 tag', async (t) => {
  if (!use(t)) return;
  const h = await householdIn(buildingA!, 8);
  await assert.rejects(store.write(async (tx) => { await tx.insert(householdCareTags).values({ householdId: h.id, tag: 'elderly_80' }); }), (e: Error) => /computed/.test(`${e.message} ${(e.cause as Error | undefined)?.message ?? ''}`));
});

test("residents: a grid worker adds and edits residents in their grid only; another grid's resident is not found", async (t) => {
  if (!use(t)) return;
  const wg01 = userOf('wg01');
  const other = (await db.select().from(persons).innerJoin(households, eq(households.id, persons.householdId)).where(eq(households.nodeId, buildingC.id)).limit(1))[0]!.persons;
  assert.deepEqual(await updateResident(store, wg01, other.id, { name: '改名', gender: 'M', relation: 'head' }), { ok: false, notFound: true });
  assert.deepEqual(await setResidentStatus(store, wg01, other.id, { status: 'deceased' }), { ok: false, notFound: true });
  assert.deepEqual(await createResident(store, wg01, (await householdIn(buildingC)).id, { name: '新人', gender: 'M', relation: 'child' }), { ok: false, notFound: true });
  const unchanged = (await db.select().from(persons).where(eq(persons.id, other.id)).limit(1))[0]!;
  assert.equal(unchanged.name, other.name);
  // A person who lives elsewhere (a party member registered with the community) is not a resident to edit here.
  const elsewhere = (await db.select().from(persons).where(ne(persons.id, 0))).find((p) => p.householdId === null);
  if (elsewhere) assert.deepEqual(await updateResident(store, userOf('admin'), elsewhere.id, { name: 'x', gender: 'M', relation: 'other' }), { ok: false, notFound: true });
});
