// A unit's life as the case lifecycle sees it: a new unit serves its community's cases, a deactivated one receives
// none. lib/cases is still synchronous on SQLite (issue 12), so this file runs on SQLite only, with the units written
// through a store over the test database's own connection (as the app's appStore does); units.test.ts runs the
// units themselves on both engines.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { and, asc, eq } from 'drizzle-orm';
import { accounts, auditLog, cases, categories, orgNodes, units } from '@/db/schema';
import { openSqliteStore } from '@/db/store';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCaseSync, performActionSync } from '@/lib/cases/commands';
import { routingOptions } from '@/lib/cases/routing';
import type { TreeActor } from './nodes';
import { activeUnitsOf, createUnit, setUnitActive } from './units';

const NOW = new Date('2026-11-20T02:00:00Z');
const { db, sqlite, file, close } = openTestDatabase({ demo: true });
const store = openSqliteStore(file, { writer: sqlite });
after(async () => {
  await store.close();
  close();
});

const user = (username: string) => loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!;
const actor = (username: string): TreeActor => {
  const u = user(username);
  return { id: u.id, role: u.role, scope: u.scope };
};
const nodeNamed = (name: string) => db.select().from(orgNodes).where(eq(orgNodes.name, name)).get()!;
const unitNamed = (name: string) => db.select().from(units).where(eq(units.name, name)).get()!;
const audit = (subject: string) => db.select().from(auditLog).where(eq(auditLog.subject, subject)).orderBy(asc(auditLog.id)).all();

describe('units in the case lifecycle', () => {
  it("a new co-building unit serves its community's cases", async () => {
    const community = nodeNamed('龙湖社区');
    const r = await createUnit(store, actor('shuji'), { kind: 'co_building', name: '新绛县第一中学', partyOrgName: null, contactName: null, contactPhone: null, nodeId: community.id }, NOW);
    assert.ok(r.ok, JSON.stringify(r));
    assert.ok((await routingOptions(db, `${community.path}99/`)).coBuildingUnits.some((u) => u.id === unitNamed('新绛县第一中学').id));
  });

  it('a deactivated unit receives no new case, keeps its history, and can be enabled again', async () => {
    const unit = unitNamed('国网新绛县供电公司');
    const shuji = user('shuji');
    const r = await setUnitActive(store, actor('shuji'), { unitId: unit.id, active: false }, NOW);
    assert.ok(r.ok);
    assert.equal(unitNamed(unit.name).active, false);
    assert.deepEqual(JSON.parse(audit(`unit:${unit.id}`).at(-1)!.detail!), { active: [true, false] });
    assert.ok(!(await routingOptions(db, unit.nodePath)).coBuildingUnits.some((u) => u.id === unit.id));
    assert.ok(!(await activeUnitsOf(store.db, shuji.scope)).some((u) => u.id === unit.id));

    // The lifecycle refuses to hand a case to it, whatever form was on the screen.
    const building = db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'))).get()!;
    const category = db.select({ id: categories.id }).from(categories).get()!.id;
    const staff = actorFromUser(shuji);
    const created = createCaseSync(db, staff, { description: '楼道灯不亮', source: 'patrol', nodeId: building.id, urgency: 'normal' }, [], NOW);
    assert.ok(created.ok);
    const accepted = performActionSync(db, staff, { id: created.id }, { action: 'accept', categoryId: category, urgency: 'normal', version: created.version }, [], NOW);
    assert.ok(accepted.ok);
    const version = db.select({ v: cases.version }).from(cases).where(eq(cases.id, created.id)).get()!.v;
    const handed = performActionSync(db, staff, { id: created.id }, { action: 'hand_to_unit', unitId: unit.id, version }, [], NOW);
    assert.ok(!handed.ok);

    assert.ok((await setUnitActive(store, actor('shuji'), { unitId: unit.id, active: true }, NOW)).ok);
    const again = performActionSync(db, staff, { id: created.id }, { action: 'hand_to_unit', unitId: unit.id, version }, [], NOW);
    assert.ok(again.ok, JSON.stringify(again));
  });
});
