// Co-building units and departments, on the engine of this test process (test:unit SQLite, test:unit:pg
// PostgreSQL). What a deactivated unit means for the case lifecycle (lib/cases, still synchronous on SQLite) is
// tested in units-cases.test.ts.
import assert from 'node:assert/strict';
import { after, describe, it, type TestContext } from 'node:test';
import { asc, eq } from 'drizzle-orm';
import { accounts } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { auditLog, orgNodes, units } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import type { TreeActor } from './nodes';
import { activeUnitsOf, createUnit, createUnitSchema, listUnits, setUnitActive, updateUnit, updateUnitSchema } from './units';

const NOW = new Date('2026-11-20T02:00:00Z');
const storeFor = registerTestStore({ demo: true });
// Who is who, from the same demo generated into SQLite (loadUser has not moved to the store yet).
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

const user = (username: string) => loadUserSync(fixtures, fixtures.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!;
const actor = (username: string): TreeActor => {
  const u = user(username);
  return { id: u.id, role: u.role, scope: u.scope };
};
const nodeNamed = async (name: string) => (await db.select().from(orgNodes).where(eq(orgNodes.name, name)).limit(1))[0]!;
const unitNamed = async (name: string) => (await db.select().from(units).where(eq(units.name, name)).limit(1))[0]!;
const audit = async (subject: string) => (await db.select().from(auditLog).where(eq(auditLog.subject, subject)).orderBy(asc(auditLog.id)));

describe('co-building units and departments', () => {
  it('the secretary registers a co-building unit for their community, audited', async (t) => {
    if (!use(t)) return;
    const community = (await nodeNamed('龙湖社区'));
    const input = createUnitSchema.parse({
      kind: 'co_building',
      name: '新绛县第一中学',
      partyOrgName: '新绛县第一中学党支部',
      contactName: '王强',
      contactPhone: '138 0000 5678',
      nodeId: String(community.id),
    });
    const r = await createUnit(store, actor('shuji'), input, NOW);
    assert.ok(r.ok, JSON.stringify(r));
    const unit = (await unitNamed('新绛县第一中学'));
    assert.deepEqual([unit.kind, unit.nodePath, unit.contactPhone, unit.active], ['co_building', community.path, '13800005678', true]);
    const [row] = (await audit(`unit:${unit.id}`));
    assert.equal(row!.action, 'create_unit');
    assert.deepEqual(JSON.parse(row!.detail!).name, [null, '新绛县第一中学']);
  });

  it('departments are the administrator’s; a secretary cannot touch another community’s units', async (t) => {
    if (!use(t)) return;
    const county = (await db.select().from(orgNodes).where(eq(orgNodes.kind, 'county')).limit(1))[0]!;
    const dept = await createUnit(store, actor('shuji'), { kind: 'department', name: '新绛县教育局', partyOrgName: null, contactName: null, contactPhone: null, nodeId: county.id }, NOW);
    assert.equal(dept.ok ? 'ok' : dept.code, 'forbidden');
    const admin = await createUnit(store, actor('admin'), { kind: 'department', name: '新绛县教育局', partyOrgName: null, contactName: null, contactPhone: null, nodeId: county.id }, NOW);
    assert.ok(admin.ok);
    // A co-building unit placed in another community, or at the county, is refused.
    const fuqian = (await nodeNamed('府前社区'));
    const out = await createUnit(store, actor('shuji'), { kind: 'co_building', name: '越界单位', partyOrgName: null, contactName: null, contactPhone: null, nodeId: fuqian.id }, NOW);
    assert.ok(!out.ok && out.fieldErrors?.nodeId);
    const fqUnit = (await listUnits(db, user('fqshuji').scope)).find((u) => u.kind === 'co_building');
    if (fqUnit) {
      const edit = await updateUnit(store, actor('shuji'), { unitId: fqUnit.id, name: '改名', partyOrgName: null, contactName: null, contactPhone: null, nodeId: fuqian.id }, NOW);
      assert.equal(edit.ok ? 'ok' : edit.code, 'not_found');
    }
    // The secretary's list holds their community's units only, no departments.
    const seen = await listUnits(db, user('shuji').scope);
    assert.ok(seen.length > 0 && seen.every((u) => u.kind === 'co_building'));
    assert.ok(!seen.some((u) => u.id === fqUnit?.id));
  });

  it('refuses a duplicate name, a bad phone and a missing place, storing nothing', async (t) => {
    if (!use(t)) return;
    const count = (await db.select().from(units)).length;
    const community = (await nodeNamed('龙湖社区'));
    const dup = await createUnit(store, actor('shuji'), { kind: 'co_building', name: '新绛县第一中学', partyOrgName: null, contactName: null, contactPhone: null, nodeId: community.id }, NOW);
    assert.ok(!dup.ok && dup.fieldErrors?.name);
    const bad = createUnitSchema.safeParse({ kind: 'co_building', name: '甲单位', contactPhone: '12345', nodeId: '' });
    assert.ok(!bad.success);
    const fields = bad.error.issues.map((i) => i.path.join('.'));
    assert.deepEqual(fields.sort(), ['contactPhone', 'nodeId']);
    assert.equal((await db.select().from(units)).length, count);
  });

  it('edits a unit and shows its liaison accounts', async (t) => {
    if (!use(t)) return;
    const unit = (await unitNamed('国网新绛县供电公司'));
    const r = await updateUnit(
      store,
      actor('admin'),
      updateUnitSchema.parse({ unitId: String(unit.id), name: unit.name, partyOrgName: '供电公司党委', contactName: '李伟', contactPhone: '', nodeId: String(unit.nodeId) }),
      NOW,
    );
    assert.ok(r.ok);
    assert.equal((await unitNamed('国网新绛县供电公司')).partyOrgName, '供电公司党委');
    assert.equal((await audit(`unit:${unit.id}`)).at(-1)!.action, 'update_unit');
    const listed = (await listUnits(db, user('admin').scope)).find((u) => u.id === unit.id)!;
    assert.ok(listed.liaisons.some((l) => l.username === 'dw01'));
  });

  it('a deactivated unit leaves the pickers, keeps its history, and can be enabled again', async (t) => {
    if (!use(t)) return;
    const unit = await unitNamed('国网新绛县供电公司');
    const shuji = user('shuji');
    const r = await setUnitActive(store, actor('shuji'), { unitId: unit.id, active: false }, NOW);
    assert.ok(r.ok);
    assert.equal((await unitNamed(unit.name)).active, false);
    assert.deepEqual(JSON.parse((await audit(`unit:${unit.id}`)).at(-1)!.detail!), { active: [true, false] });
    assert.ok(!(await activeUnitsOf(db, shuji.scope)).some((u) => u.id === unit.id));
    // Two concurrent switches to the same state: one changes it and is audited, the other finds nothing to do.
    const auditedBefore = (await audit(`unit:${unit.id}`)).length;
    const both = await Promise.all([1, 2].map(() => setUnitActive(store, actor('shuji'), { unitId: unit.id, active: true }, NOW)));
    assert.ok(both.every((b) => b.ok));
    assert.equal((await unitNamed(unit.name)).active, true);
    assert.equal((await audit(`unit:${unit.id}`)).length, auditedBefore + 1);
    assert.ok((await activeUnitsOf(db, shuji.scope)).some((u) => u.id === unit.id));
  });
  it('units of one name created at the same moment: one is created, the others are refused by name (not a constraint error)', async (t) => {
    if (!use(t)) return;
    const [county] = await db.select().from(orgNodes).where(eq(orgNodes.kind, 'county')).limit(1);
    const input = { kind: 'department', name: '新绛县水利局', partyOrgName: null, contactName: null, contactPhone: null, nodeId: county!.id } as const;
    const results = await Promise.all([1, 2, 3].map(() => createUnit(store, actor('admin'), input, NOW)));
    assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
    for (const r of results) if (!r.ok) assert.match(r.fieldErrors?.name?.[0] ?? '', /已有名为/);
    assert.equal((await db.select().from(units).where(eq(units.name, '新绛县水利局'))).length, 1);
    const created = results.find((r) => r.ok);
    assert.ok(created?.ok);
    assert.equal((await audit(`unit:${created.unitId}`)).length, 1);
  });
});
