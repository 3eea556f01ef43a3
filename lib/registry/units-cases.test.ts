// A unit's life as the case lifecycle sees it: a new unit serves its community's cases, a deactivated one receives
// none. On the engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL, a verified
// copy of the same demo): who is who is read from the SQLite fixture at load, everything written through the store.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { and, asc, eq } from 'drizzle-orm';
import { accounts, categories, orgNodes, units } from '@/db/schema';
import { registerTestStore } from '@/db/store-testing';
import * as t from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCase, performAction } from '@/lib/cases/commands';
import { routingOptions } from '@/lib/cases/routing';
import type { TreeActor } from './nodes';
import { activeUnitsOf, createUnit, setUnitActive } from './units';

const NOW = new Date('2026-11-20T02:00:00Z');
const fixture = openTestDatabase({ demo: true });
const db = fixture.db;
after(fixture.close);
const storeFor = registerTestStore({ source: fixture });

const user = (username: string) => loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!;
const actor = (username: string): TreeActor => {
  const u = user(username);
  return { id: u.id, role: u.role, scope: u.scope };
};
const nodeNamed = (name: string) => db.select().from(orgNodes).where(eq(orgNodes.name, name)).get()!;
const unitNamed = (name: string) => db.select().from(units).where(eq(units.name, name)).get()!;

describe('units in the case lifecycle', () => {
  it("a new co-building unit serves its community's cases", async (tc) => {
    const store = storeFor(tc);
    if (!store) return;
    const community = nodeNamed('龙湖社区');
    const r = await createUnit(store, actor('shuji'), { kind: 'co_building', name: '新绛县第一中学', partyOrgName: null, contactName: null, contactPhone: null, nodeId: community.id }, NOW);
    assert.ok(r.ok, JSON.stringify(r));
    const [made] = await store.db.select().from(t.units).where(eq(t.units.name, '新绛县第一中学'));
    assert.ok((await routingOptions(store.db, `${community.path}99/`)).coBuildingUnits.some((u) => u.id === made!.id));
  });

  it('a deactivated unit receives no new case, keeps its history, and can be enabled again', async (tc) => {
    const store = storeFor(tc);
    if (!store) return;
    const audit = (subject: string) => store.db.select().from(t.auditLog).where(eq(t.auditLog.subject, subject)).orderBy(asc(t.auditLog.id));
    const unit = unitNamed('国网新绛县供电公司');
    const shuji = user('shuji');
    const r = await setUnitActive(store, actor('shuji'), { unitId: unit.id, active: false }, NOW);
    assert.ok(r.ok);
    assert.equal((await store.db.select().from(t.units).where(eq(t.units.id, unit.id)))[0]!.active, false);
    assert.deepEqual(JSON.parse((await audit(`unit:${unit.id}`)).at(-1)!.detail!), { active: [true, false] });
    assert.ok(!(await routingOptions(store.db, unit.nodePath)).coBuildingUnits.some((u) => u.id === unit.id));
    assert.ok(!(await activeUnitsOf(store.db, shuji.scope)).some((u) => u.id === unit.id));

    // The lifecycle refuses to hand a case to it, whatever form was on the screen.
    const building = db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'))).get()!;
    const category = db.select({ id: categories.id }).from(categories).get()!.id;
    const staff = actorFromUser(shuji);
    const created = await createCase(store, staff, { description: '楼道灯不亮', source: 'patrol', nodeId: building.id, urgency: 'normal' }, [], NOW);
    assert.ok(created.ok);
    const accepted = await performAction(store, staff, { id: created.id }, { action: 'accept', categoryId: category, urgency: 'normal', version: created.version }, [], NOW);
    assert.ok(accepted.ok);
    const [{ v: version }] = (await store.db.select({ v: t.cases.version }).from(t.cases).where(eq(t.cases.id, created.id))) as [{ v: number }];
    const handed = await performAction(store, staff, { id: created.id }, { action: 'hand_to_unit', unitId: unit.id, version }, [], NOW);
    assert.ok(!handed.ok);

    assert.ok((await setUnitActive(store, actor('shuji'), { unitId: unit.id, active: true }, NOW)).ok);
    const again = await performAction(store, staff, { id: created.id }, { action: 'hand_to_unit', unitId: unit.id, version }, [], NOW);
    assert.ok(again.ok, JSON.stringify(again));
  });
});
