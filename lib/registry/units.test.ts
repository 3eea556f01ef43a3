import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, asc, eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accounts, auditLog, cases, categories, orgNodes, units } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { loadUser } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCaseSync, performActionSync } from '@/lib/cases/commands';
import { routingOptions } from '@/lib/cases/routing';
import type { TreeActor } from './nodes';
import { activeUnitsOf, createUnit, createUnitSchema, listUnits, setUnitActive, updateUnit, updateUnitSchema } from './units';

let db: DB;
let close: () => void;
const NOW = new Date('2026-11-20T02:00:00Z');
before(() => ({ db, close } = openTestDatabase({ demo: true })));
after(() => close());

const user = (username: string) => loadUser(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!;
const actor = (username: string): TreeActor => {
  const u = user(username);
  return { id: u.id, role: u.role, scope: u.scope };
};
const nodeNamed = (name: string) => db.select().from(orgNodes).where(eq(orgNodes.name, name)).get()!;
const unitNamed = (name: string) => db.select().from(units).where(eq(units.name, name)).get()!;
const audit = (subject: string) => db.select().from(auditLog).where(eq(auditLog.subject, subject)).orderBy(asc(auditLog.id)).all();

describe('co-building units and departments', () => {
  it('the secretary registers a co-building unit for their community, audited', async () => {
    const community = nodeNamed('龙湖社区');
    const input = createUnitSchema.parse({
      kind: 'co_building',
      name: '新绛县第一中学',
      partyOrgName: '新绛县第一中学党支部',
      contactName: '王强',
      contactPhone: '138 0000 5678',
      nodeId: String(community.id),
    });
    const r = createUnit(db, actor('shuji'), input, NOW);
    assert.ok(r.ok, JSON.stringify(r));
    const unit = unitNamed('新绛县第一中学');
    assert.deepEqual([unit.kind, unit.nodePath, unit.contactPhone, unit.active], ['co_building', community.path, '13800005678', true]);
    const [row] = audit(`unit:${unit.id}`);
    assert.equal(row!.action, 'create_unit');
    assert.deepEqual(JSON.parse(row!.detail!).name, [null, '新绛县第一中学']);
    // It now serves the community's cases.
    assert.ok((await routingOptions(db, `${community.path}99/`)).coBuildingUnits.some((u) => u.id === unit.id));
  });

  it('departments are the administrator’s; a secretary cannot touch another community’s units', () => {
    const county = db.select().from(orgNodes).where(eq(orgNodes.kind, 'county')).get()!;
    const dept = createUnit(db, actor('shuji'), { kind: 'department', name: '新绛县教育局', partyOrgName: null, contactName: null, contactPhone: null, nodeId: county.id }, NOW);
    assert.equal(dept.ok ? 'ok' : dept.code, 'forbidden');
    const admin = createUnit(db, actor('admin'), { kind: 'department', name: '新绛县教育局', partyOrgName: null, contactName: null, contactPhone: null, nodeId: county.id }, NOW);
    assert.ok(admin.ok);
    // A co-building unit placed in another community, or at the county, is refused.
    const fuqian = nodeNamed('府前社区');
    const out = createUnit(db, actor('shuji'), { kind: 'co_building', name: '越界单位', partyOrgName: null, contactName: null, contactPhone: null, nodeId: fuqian.id }, NOW);
    assert.ok(!out.ok && out.fieldErrors?.nodeId);
    const fqUnit = listUnits(db, user('fqshuji').scope).find((u) => u.kind === 'co_building');
    if (fqUnit) {
      const edit = updateUnit(db, actor('shuji'), { unitId: fqUnit.id, name: '改名', partyOrgName: null, contactName: null, contactPhone: null, nodeId: fuqian.id }, NOW);
      assert.equal(edit.ok ? 'ok' : edit.code, 'not_found');
    }
    // The secretary's list holds their community's units only, no departments.
    const seen = listUnits(db, user('shuji').scope);
    assert.ok(seen.length > 0 && seen.every((u) => u.kind === 'co_building'));
    assert.ok(!seen.some((u) => u.id === fqUnit?.id));
  });

  it('refuses a duplicate name, a bad phone and a missing place, storing nothing', () => {
    const count = db.select().from(units).all().length;
    const community = nodeNamed('龙湖社区');
    const dup = createUnit(db, actor('shuji'), { kind: 'co_building', name: '新绛县第一中学', partyOrgName: null, contactName: null, contactPhone: null, nodeId: community.id }, NOW);
    assert.ok(!dup.ok && dup.fieldErrors?.name);
    const bad = createUnitSchema.safeParse({ kind: 'co_building', name: '甲单位', contactPhone: '12345', nodeId: '' });
    assert.ok(!bad.success);
    const fields = bad.error.issues.map((i) => i.path.join('.'));
    assert.deepEqual(fields.sort(), ['contactPhone', 'nodeId']);
    assert.equal(db.select().from(units).all().length, count);
  });

  it('edits a unit and shows its liaison accounts', () => {
    const unit = unitNamed('国网新绛县供电公司');
    const r = updateUnit(
      db,
      actor('admin'),
      updateUnitSchema.parse({ unitId: String(unit.id), name: unit.name, partyOrgName: '供电公司党委', contactName: '李伟', contactPhone: '', nodeId: String(unit.nodeId) }),
      NOW,
    );
    assert.ok(r.ok);
    assert.equal(unitNamed('国网新绛县供电公司').partyOrgName, '供电公司党委');
    assert.equal(audit(`unit:${unit.id}`).at(-1)!.action, 'update_unit');
    const listed = listUnits(db, user('admin').scope).find((u) => u.id === unit.id)!;
    assert.ok(listed.liaisons.some((l) => l.username === 'dw01'));
  });

  it('a deactivated unit receives no new case, keeps its history, and can be enabled again', async () => {
    const unit = unitNamed('国网新绛县供电公司');
    const shuji = user('shuji');
    const r = setUnitActive(db, actor('shuji'), { unitId: unit.id, active: false }, NOW);
    assert.ok(r.ok);
    assert.equal(unitNamed(unit.name).active, false);
    assert.deepEqual(JSON.parse(audit(`unit:${unit.id}`).at(-1)!.detail!), { active: [true, false] });
    assert.ok(!(await routingOptions(db, unit.nodePath)).coBuildingUnits.some((u) => u.id === unit.id));
    assert.ok(!activeUnitsOf(db, shuji.scope).some((u) => u.id === unit.id));

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

    assert.ok(setUnitActive(db, actor('shuji'), { unitId: unit.id, active: true }, NOW).ok);
    const again = performActionSync(db, staff, { id: created.id }, { action: 'hand_to_unit', unitId: unit.id, version }, [], NOW);
    assert.ok(again.ok, JSON.stringify(again));
  });
});
