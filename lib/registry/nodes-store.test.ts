// The tree's commands on the engine of this test process (test:unit SQLite, test:unit:pg PostgreSQL): create,
// rename, move, retire and the party-group leader, each audited, every copy of a path kept in step, and the same
// when two maintainers act at once, checked by the full invariant check (tree-invariants.ts) on either engine. The
// demo cases and QR intake around the tree (seeded synchronously) are in nodes.test.ts.
import assert from 'node:assert/strict';
import { after, describe, it, type TestContext } from 'node:test';
import { and, asc, count, eq, like, ne, sql } from 'drizzle-orm';
import { accounts as fixtureAccounts } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { auditLog, cases, households, intakePoints, orgNodes, partyMembers, units } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import {
  accountsOfNode,
  activeDescendantCount,
  activeNodesOf,
  buildingLeader,
  createNode,
  createNodeSchema,
  leaderCandidates,
  moveNode,
  moveTargets,
  retireNode,
  setBuildingLeader,
  updateNode,
  type TreeActor,
} from './nodes';
import { tablesWithNodePath, treeViolations } from './tree-invariants';

const NOW = new Date('2026-11-20T02:00:00Z');
const storeFor = registerTestStore({ demo: true, cases: 300 });
// Who is who, from the same demo generated into SQLite (loadUser has not moved to the store yet).
const { db: fixtures, close } = openTestDatabase({ demo: true });
after(close);
let store: Store;
let db: AppDb;
function use(t: TestContext): boolean {
  const s = storeFor(t);
  if (!s) return false;
  [store, db] = [s, s.db];
  return true;
}
const actor = (username: string): TreeActor => {
  const u = loadUserSync(fixtures, fixtures.select({ id: fixtureAccounts.id }).from(fixtureAccounts).where(eq(fixtureAccounts.username, username)).get()!.id)!;
  return { id: u.id, role: u.role, scope: u.scope };
};
const node = async (id: number) => (await db.select().from(orgNodes).where(eq(orgNodes.id, id)))[0]!;
const named = async (name: string, kind: 'township' | 'community' | 'grid' | 'building', under = '/') =>
  (await db.select().from(orgNodes).where(and(eq(orgNodes.name, name), eq(orgNodes.kind, kind), like(orgNodes.path, `${under}%`))).orderBy(asc(orgNodes.id)).limit(1))[0]!;
const buildingsOf = async (grid: { path: string }) => db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).orderBy(asc(orgNodes.id));
const auditRows = async (subject: string) => db.select().from(auditLog).where(eq(auditLog.subject, subject)).orderBy(asc(auditLog.id));
const countUnder = async (table: typeof households | typeof cases, path: string) => (await db.select({ n: count() }).from(table).where(like(table.nodePath, `${path}%`)))[0]!.n;

/** The tree's paths and depths, and every copy of a node's path the registry keeps, agree (an engine-neutral part of tree-invariants.ts). */
async function assertConsistent() {
  assert.deepEqual(await treeViolations(db), []);
  const wrongNodes = await db
    .select({ id: orgNodes.id })
    .from(orgNodes)
    .innerJoin(sql`${orgNodes} p`, sql`p.id = ${orgNodes.parentId}`)
    .where(sql`${orgNodes.path} <> p.path || ${orgNodes.id} || '/' or ${orgNodes.depth} <> p.depth + 1`);
  assert.deepEqual(wrongNodes, [], 'a node path is its parent path plus its id');
  for (const table of [households, partyMembers, units, intakePoints, cases]) {
    const wrong = await db
      .select({ id: table.id })
      .from(table)
      .innerJoin(orgNodes, eq(orgNodes.id, table.nodeId))
      .where(ne(table.nodePath, orgNodes.path));
    assert.deepEqual(wrong, [], 'every copy of a node path agrees with its node');
  }
  const lostCases = await db
    .select({ id: cases.id })
    .from(cases)
    .innerJoin(orgNodes, eq(orgNodes.id, cases.gridId))
    .where(sql`${cases.nodePath} not like ${orgNodes.path} || '%'`);
  assert.deepEqual(lostCases, [], "a case's grid is the grid on its path");
}

describe('the tree on the store', () => {
  it('the full invariant check holds on the demo, and knows every table that copies a node path', async (t) => {
    if (!use(t)) return;
    await assertConsistent();
    assert.deepEqual(await tablesWithNodePath(db), ['api_tokens', 'cases', 'households', 'intake_points', 'market_goods', 'party_members', 'pledge_items', 'pledges', 'reply_templates', 'units', 'visits', 'volunteer_activities']);
  });

  it('a secretary creates a grid and a building in it, each with its QR codes, audited', async (t) => {
    if (!use(t)) return;
    const shuji = actor('shuji');
    const community = await named('龙湖社区', 'community');
    const grid = await createNode(store, shuji, createNodeSchema.parse({ parentId: String(community.id), name: '滨河新苑', partyOrgName: '滨河新苑党支部' }), NOW);
    assert.ok(grid.ok, JSON.stringify(grid));
    const building = await createNode(store, shuji, createNodeSchema.parse({ parentId: String(grid.nodeId), name: '1号楼', partyOrgName: '' }), NOW);
    assert.ok(building.ok);
    const g = await node(grid.nodeId);
    const b = await node(building.nodeId);
    assert.deepEqual([g.kind, g.path, g.depth, g.partyOrgName], ['grid', `${community.path}${g.id}/`, community.depth + 1, '滨河新苑党支部']);
    assert.deepEqual([b.kind, b.path, b.parentId, b.partyOrgName], ['building', `${g.path}${b.id}/`, g.id, null]);
    const [row] = await auditRows(`node:${b.id}`);
    assert.deepEqual([row!.action, row!.accountId, JSON.parse(row!.detail!).name], ['create_node', shuji.id, [null, '1号楼']]);
    const points = await db.select({ kind: intakePoints.kind, name: intakePoints.name }).from(intakePoints).where(like(intakePoints.nodePath, `${g.path}%`)).orderBy(asc(intakePoints.id));
    assert.deepEqual(points, [
      { kind: 'grid', name: '滨河新苑' },
      { kind: 'wish_box', name: '微光心愿箱 · 滨河新苑党群服务站' },
      { kind: 'building', name: '滨河新苑 1号楼' },
    ]);
    assert.ok((await activeNodesOf(db, shuji.scope, ['building'])).some((n) => n.id === b.id));
    await assertConsistent();
  });

  it('refuses a duplicate name, a building in a rural grid, a community to a secretary, the tree to a grid worker', async (t) => {
    if (!use(t)) return;
    const [before] = await db.select({ n: count() }).from(orgNodes);
    const grid = await named('龙盛华庭', 'grid');
    const existing = (await buildingsOf(grid))[0]!;
    const dup = await createNode(store, actor('shuji'), { parentId: grid.id, name: existing.name, partyOrgName: null, rural: false }, NOW);
    assert.ok(!dup.ok && dup.fieldErrors?.name?.[0]?.includes('已有名为'));
    const rural = await named('龙湖村东片', 'grid');
    const inRural = await createNode(store, actor('shuji'), { parentId: rural.id, name: '1号楼', partyOrgName: null, rural: false }, NOW);
    assert.ok(!inRural.ok && inRural.message.includes('不设楼栋'));
    const township = await named('龙兴镇', 'township');
    const community = await createNode(store, actor('zhenshuji'), { parentId: township.id, name: '新社区', partyOrgName: null, rural: false }, NOW);
    assert.equal(community.ok ? 'ok' : community.code, 'forbidden');
    const worker = await createNode(store, actor('wg01'), { parentId: grid.id, name: '99号楼', partyOrgName: null, rural: false }, NOW);
    assert.equal(worker.ok ? 'ok' : worker.code, 'forbidden');
    assert.deepEqual(await db.select({ n: count() }).from(orgNodes), [before]);
  });

  it('three secretaries creating one building name under one grid at once: one is created, the others are refused by name', async (t) => {
    if (!use(t)) return;
    const grid = await named('龙盛华庭', 'grid');
    const results = await Promise.all([1, 2, 3].map(() => createNode(store, actor('shuji'), { parentId: grid.id, name: '同时新建楼', partyOrgName: null, rural: false }, NOW)));
    assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
    for (const r of results) if (!r.ok) assert.match(r.fieldErrors?.name?.[0] ?? '', /已有名为/);
    assert.equal((await db.select().from(orgNodes).where(and(eq(orgNodes.parentId, grid.id), eq(orgNodes.name, '同时新建楼')))).length, 1);
    // …and each sibling has a sort order of its own.
    const orders = (await db.select({ o: orgNodes.sortOrder }).from(orgNodes).where(eq(orgNodes.parentId, grid.id))).map((r) => r.o);
    assert.equal(new Set(orders).size, orders.length);
  });

  it('renaming a building renames its QR code, audited before → after', async (t) => {
    if (!use(t)) return;
    const grid = await named('龙盛华庭', 'grid');
    const created = await createNode(store, actor('shuji'), { parentId: grid.id, name: '改名楼', partyOrgName: null, rural: false }, NOW);
    assert.ok(created.ok);
    const b = await node(created.nodeId);
    const r = await updateNode(store, actor('shuji'), { nodeId: b.id, name: `${b.name}（东）`, partyOrgName: b.partyOrgName, servicePhone: null }, NOW);
    assert.ok(r.ok, JSON.stringify(r));
    const [point] = await db.select().from(intakePoints).where(and(eq(intakePoints.nodeId, b.id), eq(intakePoints.kind, 'building')));
    assert.equal(point?.name, `${grid.name} ${b.name}（东）`);
    assert.deepEqual(JSON.parse((await auditRows(`node:${b.id}`)).at(-1)!.detail!).name, [b.name, `${b.name}（东）`]);
  });

  it('moving a building takes its households and cases along to the new grid, in one audited step', async (t) => {
    if (!use(t)) return;
    const from = await named('龙盛华庭', 'grid');
    const to = await named('龙湖花园', 'grid');
    let found: Awaited<ReturnType<typeof buildingsOf>>[number] | undefined;
    for (const b of await buildingsOf(from)) if ((await countUnder(cases, b.path)) > 0 && (await countUnder(households, b.path)) > 0) (found ??= b);
    assert.ok(found, 'a building with households and cases');
    assert.ok((await updateNode(store, actor('shuji'), { nodeId: found.id, name: `调入${found.id}号`, partyOrgName: found.partyOrgName, servicePhone: null }, NOW)).ok);
    assert.ok((await moveTargets(db, actor('shuji'), found)).some((x) => x.id === to.id));
    const [householdsBefore, casesBefore] = [await countUnder(households, found.path), await countUnder(cases, found.path)];
    const moved = await moveNode(store, actor('shuji'), { nodeId: found.id, targetParentId: to.id }, NOW);
    assert.ok(moved.ok, JSON.stringify(moved));
    assert.deepEqual([moved.summary?.households, moved.summary?.cases], [householdsBefore, casesBefore]);
    const b = await node(found.id);
    assert.deepEqual([b.parentId, b.path], [to.id, `${to.path}${b.id}/`]);
    assert.equal(await countUnder(households, b.path), householdsBefore);
    assert.equal(await countUnder(cases, b.path), casesBefore);
    assert.equal(await countUnder(households, found.path), 0);
    assert.equal((await db.select({ n: count() }).from(cases).where(and(like(cases.nodePath, `${b.path}%`), ne(cases.gridId, to.id))))[0]!.n, 0, 'the cases belong to the new grid');
    assert.equal((await auditRows(`node:${b.id}`)).at(-1)!.action, 'move_node');
    await assertConsistent();
  });

  it('two administrators moving one building to two grids at once: it ends in one of them, with every copy in step', async (t) => {
    if (!use(t)) return;
    const from = await named('龙湖花园', 'grid');
    const [b] = await buildingsOf(from);
    const targets = [await named('龙盛华庭', 'grid'), (await activeNodesOf(db, actor('shuji').scope, ['grid'])).find((g) => !g.rural && g.id !== from.id && g.name !== '龙盛华庭')!];
    await updateNode(store, actor('admin'), { nodeId: b!.id, name: `同时调整${b!.id}号`, partyOrgName: b!.partyOrgName, servicePhone: null }, NOW);
    const results = await Promise.all(targets.map((to) => moveNode(store, actor('admin'), { nodeId: b!.id, targetParentId: to.id }, NOW)));
    assert.ok(results.every((r) => r.ok), JSON.stringify(results));
    const after = await node(b!.id);
    assert.ok(targets.some((to) => to.id === after.parentId && after.path === `${to.path}${after.id}/`));
    assert.equal(await countUnder(households, after.path), (await db.select({ n: count() }).from(households).where(eq(households.nodeId, after.id)))[0]!.n);
    await assertConsistent();
  });

  it('retiring a grid retires its buildings, leaves the pickers, and nothing is created under it', async (t) => {
    if (!use(t)) return;
    const community = await named('龙湖社区', 'community');
    const grid = await createNode(store, actor('shuji'), { parentId: community.id, name: '待撤销网格', partyOrgName: null, rural: false }, NOW);
    assert.ok(grid.ok);
    for (const name of ['甲楼', '乙楼']) assert.ok((await createNode(store, actor('shuji'), { parentId: grid.nodeId, name, partyOrgName: null, rural: false }, NOW)).ok);
    assert.equal(await activeDescendantCount(db, await node(grid.nodeId)), 2);
    const retired = await retireNode(store, actor('shuji'), { nodeId: grid.nodeId }, NOW);
    assert.ok(retired.ok && retired.message.includes('下辖 2 个节点'));
    assert.equal((await db.select().from(orgNodes).where(and(like(orgNodes.path, `${(await node(grid.nodeId)).path}%`), sql`${orgNodes.retiredAt} is null`))).length, 0);
    assert.ok(!(await activeNodesOf(db, actor('shuji').scope, ['grid', 'building'])).some((n) => n.id === grid.nodeId));
    const under = await createNode(store, actor('shuji'), { parentId: grid.nodeId, name: '丙楼', partyOrgName: null, rural: false }, NOW);
    assert.ok(!under.ok && under.message.includes('已撤销'));
    const again = await retireNode(store, actor('shuji'), { nodeId: grid.nodeId }, NOW);
    assert.ok(!again.ok);
    const own = await retireNode(store, actor('shuji'), { nodeId: community.id }, NOW);
    assert.equal(own.ok ? 'ok' : own.code, 'forbidden');
  });

  it("a building's party-group leader is an active member serving it; a grid lists its workers first", async (t) => {
    if (!use(t)) return;
    const [b] = await db
      .select()
      .from(orgNodes)
      .where(and(eq(orgNodes.kind, 'building'), sql`exists (select 1 from party_members m where m.node_id = ${orgNodes.id} and m.status = 'active')`, sql`${orgNodes.retiredAt} is null`))
      .orderBy(asc(orgNodes.id))
      .limit(1);
    const [candidate] = await leaderCandidates(db, b!.id);
    assert.ok(candidate);
    assert.ok((await setBuildingLeader(store, actor('admin'), { nodeId: b!.id, partyMemberId: candidate.id }, NOW)).ok);
    assert.deepEqual(await buildingLeader(db, await node(b!.id)), { id: candidate.id, name: candidate.name, serving: true });
    const [elsewhere] = await db.select().from(partyMembers).where(ne(partyMembers.nodeId, b!.id)).limit(1);
    const wrong = await setBuildingLeader(store, actor('admin'), { nodeId: b!.id, partyMemberId: elsewhere!.id }, NOW);
    assert.ok(!wrong.ok && wrong.fieldErrors?.partyMemberId);
    assert.ok((await setBuildingLeader(store, actor('admin'), { nodeId: b!.id, partyMemberId: null }, NOW)).ok);
    assert.equal((await node(b!.id)).leaderPartyMemberId, null);

    const rows = await accountsOfNode(db, (await named('龙盛华庭', 'grid')).id);
    assert.ok(rows.some((a) => a.username === 'wg01' && a.role === 'grid_worker'));
    assert.equal(rows[0]!.role, 'grid_worker');
  });
});
