// What a resident is told about a place's grid, and a unit's own view; on the engine of this test process
// (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, asc, eq, like } from 'drizzle-orm';
import { registerTestStore } from '@/db/store-testing';
import { orgNodes, partyMembers, units } from '@/db/tables';
import { getGridContact } from './grid-contact';
import { getUnitHome } from './units';

const storeFor = registerTestStore({ demo: true });

test("a building's contact is its grid's published phone and active grid workers, never above grid level", async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const [grid] = await store.db.select().from(orgNodes).where(eq(orgNodes.name, '龙盛华庭')).limit(1);
  const [building] = await store.db
    .select()
    .from(orgNodes)
    .where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid!.path}%`)))
    .orderBy(asc(orgNodes.id))
    .limit(1);
  const contact = await getGridContact(store.db, building!.path);
  assert.deepEqual(contact, { gridName: '龙盛华庭', servicePhone: '13900000101', workerNames: ['张丽娟'] });
  const [community] = await store.db.select().from(orgNodes).where(eq(orgNodes.kind, 'community')).orderBy(asc(orgNodes.id)).limit(1);
  assert.equal(await getGridContact(store.db, community!.path), null);
});

test("a unit's home names it, its place and its members by name; an unknown unit is null", async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const [unit] = await store.db.select().from(units).orderBy(asc(units.id)).limit(1);
  const home = await getUnitHome(store.db, unit!.id);
  assert.ok(home);
  assert.equal(home.unit.name, '国家税务总局新绛县税务局');
  assert.equal(home.unit.kind, 'co_building');
  const members = await store.db.select({ id: partyMembers.id }).from(partyMembers).where(eq(partyMembers.unitId, unit!.id));
  assert.equal(home.members.length, members.length);
  assert.ok(home.members.length > 0);
  const names = home.members.map((m) => m.name);
  assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), 'by name');
  assert.equal(await getUnitHome(store.db, 999_999), null);
});
