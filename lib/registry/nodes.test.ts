// The organisation tree's commands on the demo community with a year of its requests around it, on the engine of this
// test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL, a verified copy of the same rows). The
// demo cases are seeded into the SQLite fixture at load (db/demo's bulk generator); everything else, and every read
// after a write, goes through the store.
import assert from 'node:assert/strict';
import { after, describe, it, type TestContext } from 'node:test';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import { seedDemoCases } from '@/db/demo/cases';
import { Random } from '@/db/demo/random';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { accounts, apiTokens, auditLog, cases, categories, households, intakePoints, orgNodes, partyMembers, persons, visits } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { createApiToken } from '@/lib/api/tokens';
import { loadUser } from '@/lib/auth/load-user';
import { isWithinScope } from '@/lib/auth/scope';
import { actorFromUser } from '@/lib/cases/actor';
import { createCase, performAction } from '@/lib/cases/commands';
import { createDemoIntakePoints, ensureIntakePoints, findActiveIntakePoint, listIntakePointsForPrint, RETIRED_PLACE_MESSAGE } from '@/lib/cases/intake-points';
import { submitAtIntakePoint } from '@/lib/cases/public-intake';
import { intakeLocations } from '@/lib/org/locations';
import { getNodeInScope, getOrgTree } from '@/lib/org/queries';
import {
  accountsOfNode,
  activeNodesOf,
  createNode,
  createNodeSchema,
  leaderCandidates,
  moveNode,
  moveNodeSchema,
  moveTargets,
  retireNode,
  setBuildingLeader,
  updateNode,
  updateNodeSchema,
  type TreeActor,
} from './nodes';
import { tablesWithNodePath, treeViolations } from './tree-invariants';

const NOW = new Date('2026-11-20T02:00:00Z');
const fixture = openTestDatabase({ demo: true });
seedDemoCases(fixture.db, { count: 600, now: NOW });
after(fixture.close);
const storeFor = registerTestStore({ source: fixture });
let store: Store;
let pointsMade: Promise<unknown> | undefined;
/** The store of this test, its QR codes made once; false when PostgreSQL is missing (the test is then skipped with the reason). */
async function use(tc: TestContext): Promise<boolean> {
  const s = storeFor(tc);
  if (!s) return false;
  store = s;
  pointsMade ??= createDemoIntakePoints(store, new Random(3));
  await pointsMade;
  return true;
}

const user = async (username: string) => {
  const [account] = await store.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username));
  return (await loadUser(store.db, account!.id))!;
};
const actor = async (username: string): Promise<TreeActor> => {
  const u = await user(username);
  return { id: u.id, role: u.role, scope: u.scope };
};
const node = async (id: number) => (await store.db.select().from(orgNodes).where(eq(orgNodes.id, id)))[0]!;
const named = async (name: string, kind: 'township' | 'community' | 'grid' | 'building', under = '/') =>
  (await store.db
    .select()
    .from(orgNodes)
    .where(and(eq(orgNodes.name, name), eq(orgNodes.kind, kind), like(orgNodes.path, `${under}%`)))
    .orderBy(asc(orgNodes.id))
    .limit(1))[0]!;
const buildingsOf = (grid: { path: string }) =>
  store.db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).orderBy(asc(orgNodes.id));
const auditRows = (subject: string) => store.db.select().from(auditLog).where(eq(auditLog.subject, subject)).orderBy(asc(auditLog.id));
const countWhere = async (table: typeof households | typeof cases | typeof visits, path: string) =>
  (await store.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(table).where(like(table.nodePath, `${path}%`)))[0]!.n;
/** The first row of a select (in id order where the test does not care which). */
const first = async <T>(rows: Promise<T[]>): Promise<T> => (await rows)[0]!;

async function assertConsistent() {
  assert.deepEqual(await treeViolations(store.db), []);
}

describe('the tree invariant check', async () => {
  it('holds on the demo community, and knows every table that copies a node path', async (tc) => {
    if (!(await use(tc))) return;
    await assertConsistent();
    assert.deepEqual(await tablesWithNodePath(store.db), ['api_tokens', 'cases', 'households', 'intake_points', 'market_goods', 'party_members', 'pledge_items', 'pledges', 'reply_templates', 'units', 'visits', 'volunteer_activities']);
  });

  it('notices a copy that disagrees with its node (so an empty list means something)', async (tc) => {
    if (!(await use(tc))) return;
    const h = await first(store.db.select().from(households).orderBy(asc(households.id)).limit(1));
    await store.write(async (tx) => tx.update(households).set({ nodePath: '/9999/' }).where(eq(households.id, h.id)));
    try {
      assert.match((await treeViolations(store.db)).join('\n'), /households\.node_path is its node's path/);
    } finally {
      await store.write(async (tx) => tx.update(households).set({ nodePath: h.nodePath }).where(eq(households.id, h.id)));
    }
  });
});

describe('creating nodes', async () => {
  it('lets the secretary create a grid in their community and a building in it, each audited', async (tc) => {
    if (!(await use(tc))) return;
    const shuji = await actor('shuji');
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
    assert.equal(row!.action, 'create_node');
    assert.equal(row!.accountId, shuji.id);
    assert.deepEqual(JSON.parse(row!.detail!).name, [null, '1号楼']);
    // Each comes with its QR codes: the grid its own and a wish box, the building its own.
    const points = await store.db.select({ kind: intakePoints.kind, name: intakePoints.name }).from(intakePoints).where(like(intakePoints.nodePath, `${g.path}%`)).orderBy(asc(intakePoints.id));
    assert.deepEqual(points, [
      { kind: 'grid', name: '滨河新苑' },
      { kind: 'wish_box', name: '微光心愿箱 · 滨河新苑党群服务站' },
      { kind: 'building', name: '滨河新苑 1号楼' },
    ]);
    await assertConsistent();
    // The new building shows in the secretary's tree and in the staff intake's places.
    assert.ok(await getNodeInScope(store.db, shuji.scope, b.id));
    assert.ok((await intakeLocations(store.db, shuji.scope)).find((l) => l.gridId === g.id)?.buildings.some((x) => x.id === b.id));
  });

  it('keeps communities to the administrator, and a secretary inside their own community', async (tc) => {
    if (!(await use(tc))) return;
    const township = await named('龙兴镇', 'township');
    for (const username of ['shuji', 'zhenshuji']) {
      const r = await createNode(store, await actor(username), { parentId: township.id, name: '新社区', partyOrgName: null, rural: false }, NOW);
      assert.equal(r.ok ? 'ok' : r.code, username === 'zhenshuji' ? 'forbidden' : 'not_found');
    }
    const fuqian = await named('府前社区', 'community');
    const outside = await createNode(store, await actor('shuji'), { parentId: fuqian.id, name: '越界网格', partyOrgName: null, rural: false }, NOW);
    assert.equal(outside.ok ? 'ok' : outside.code, 'not_found');
    const admin = await createNode(store, await actor('admin'), { parentId: township.id, name: '新城社区', partyOrgName: '新城社区党总支', rural: false }, NOW);
    assert.ok(admin.ok);
    assert.equal((await node(admin.nodeId)).kind, 'community');
    // A grid worker maintains households, not the tree.
    const grid = await named('龙盛华庭', 'grid');
    const worker = await createNode(store, await actor('wg01'), { parentId: grid.id, name: '99号楼', partyOrgName: null, rural: false }, NOW);
    assert.equal(worker.ok ? 'ok' : worker.code, 'forbidden');
    await assertConsistent();
  });

  it('refuses a duplicate name, a building in a rural grid, and an empty name, writing nothing', async (tc) => {
    if (!(await use(tc))) return;
    const nodeCount = async () => (await first(store.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(orgNodes))).n;
    const before = await nodeCount();
    const grid = await named('龙盛华庭', 'grid');
    const existing = (await buildingsOf(grid))[0]!;
    const dup = await createNode(store, await actor('shuji'), { parentId: grid.id, name: existing.name, partyOrgName: null, rural: false }, NOW);
    assert.ok(!dup.ok && dup.fieldErrors?.name?.[0]?.includes('已有名为'));
    const rural = await named('龙湖村东片', 'grid');
    assert.equal(rural.rural, true);
    const inRural = await createNode(store, await actor('shuji'), { parentId: rural.id, name: '1号楼', partyOrgName: null, rural: false }, NOW);
    assert.ok(!inRural.ok && inRural.message.includes('不设楼栋'));
    const empty = createNodeSchema.safeParse({ parentId: String(grid.id), name: '   ' });
    assert.ok(!empty.success);
    assert.equal(empty.error.issues[0]!.message, '请填写名称');
    assert.equal(await nodeCount(), before);
  });

  it('creates a rural grid when asked', async (tc) => {
    if (!(await use(tc))) return;
    const community = await named('龙湖社区', 'community');
    const r = await createNode(store, await actor('shuji'), createNodeSchema.parse({ parentId: String(community.id), name: '龙湖村西片', rural: 'on' }), NOW);
    assert.ok(r.ok);
    assert.equal((await node(r.nodeId)).rural, true);
  });
});

describe('renaming', async () => {
  it('renames a building, its QR code follows, and the audit row says before and after', async (tc) => {
    if (!(await use(tc))) return;
    const grid = await named('龙盛华庭', 'grid');
    const b = (await buildingsOf(grid))[1]!;
    const rowsBefore = (await auditRows(`node:${b.id}`)).length;
    const r = await updateNode(store, await actor('shuji'), updateNodeSchema.parse({ nodeId: String(b.id), name: '幸福楼', partyOrgName: '幸福楼党小组', servicePhone: '' }), NOW);
    assert.ok(r.ok);
    assert.equal((await node(b.id)).name, '幸福楼');
    const point = await first(store.db.select().from(intakePoints).where(eq(intakePoints.nodeId, b.id)).orderBy(asc(intakePoints.id)));
    assert.equal(point.name, '龙盛华庭 幸福楼');
    const row = (await auditRows(`node:${b.id}`)).at(-1)!;
    assert.equal(row.action, 'update_node');
    assert.deepEqual(JSON.parse(row.detail!).name, [b.name, '幸福楼']);
    // Saving the same again changes nothing and logs nothing.
    const again = await updateNode(store, await actor('shuji'), { nodeId: b.id, name: '幸福楼', partyOrgName: '幸福楼党小组', servicePhone: null }, NOW);
    assert.ok(again.ok && again.message.includes('没有'));
    assert.equal((await auditRows(`node:${b.id}`)).length, rowsBefore + 1);
  });

  it("renaming a grid renames its wish box and every building's QR code", async (tc) => {
    if (!(await use(tc))) return;
    const grid = await named('龙湖花园', 'grid');
    assert.ok((await updateNode(store, await actor('admin'), { nodeId: grid.id, name: '龙湖花园一期', partyOrgName: grid.partyOrgName, servicePhone: '13800001234' }, NOW)).ok);
    const names = (await store.db.select({ name: intakePoints.name }).from(intakePoints).where(like(intakePoints.nodePath, `${grid.path}%`))).map((p) => p.name);
    assert.ok(names.includes('微光心愿箱 · 龙湖花园一期党群服务站'));
    assert.ok(names.filter((n) => n.endsWith('楼')).every((n) => n.startsWith('龙湖花园一期 ')));
    assert.equal((await node(grid.id)).servicePhone, '13800001234');
    // Put it back for the other tests, which look it up by name.
    assert.ok((await updateNode(store, await actor('admin'), { nodeId: grid.id, name: '龙湖花园', partyOrgName: grid.partyOrgName, servicePhone: null }, NOW)).ok);
  });

  it("lets a secretary name their own community's 党总支, but not the township, nor another community", async (tc) => {
    if (!(await use(tc))) return;
    const community = await named('龙湖社区', 'community');
    const own = await updateNode(store, await actor('shuji'), { nodeId: community.id, name: community.name, partyOrgName: '龙湖社区党委', servicePhone: null }, NOW);
    assert.ok(own.ok);
    assert.equal((await node(community.id)).partyOrgName, '龙湖社区党委');
    const township = await named('龙兴镇', 'township');
    const up = await updateNode(store, await actor('zhenshuji'), { nodeId: township.id, name: '改名镇', partyOrgName: null, servicePhone: null }, NOW);
    assert.equal(up.ok ? 'ok' : up.code, 'forbidden');
    const other = await updateNode(store, await actor('fqshuji'), { nodeId: community.id, name: '改名', partyOrgName: null, servicePhone: null }, NOW);
    assert.equal(other.ok ? 'ok' : other.code, 'not_found');
    assert.ok((await updateNode(store, await actor('admin'), { nodeId: community.id, name: community.name, partyOrgName: community.partyOrgName, servicePhone: null }, NOW)).ok);
  });

  it('refuses a bad phone or a name a sibling has; out of scope is not found', async (tc) => {
    if (!(await use(tc))) return;
    assert.ok(!updateNodeSchema.safeParse({ nodeId: '1', name: '甲', servicePhone: '12345' }).success);
    const grid = await named('龙盛华庭', 'grid');
    const [a, b] = await buildingsOf(grid);
    const clash = await updateNode(store, await actor('shuji'), { nodeId: a!.id, name: b!.name, partyOrgName: null, servicePhone: null }, NOW);
    assert.ok(!clash.ok && clash.code === 'invalid_input');
    const fq = await named('府前花园', 'grid');
    const out = await updateNode(store, await actor('shuji'), { nodeId: fq.id, name: '改名', partyOrgName: null, servicePhone: null }, NOW);
    assert.equal(out.ok ? 'ok' : out.code, 'not_found');
    assert.equal((await node(fq.id)).name, '府前花园');
  });
});

describe('moving a building to another grid', async () => {
  it('moves every path copy, the cases follow to the new grid, in one audited step', async (tc) => {
    if (!(await use(tc))) return;
    const from = await named('龙盛华庭', 'grid');
    const to = await named('龙湖花园', 'grid');
    let found: Awaited<ReturnType<typeof node>> | undefined;
    for (const x of await buildingsOf(from)) {
      if ((await countWhere(cases, x.path)) > 0 && (await countWhere(households, x.path)) > 0) {
        found = x;
        break;
      }
    }
    assert.ok(found, 'a building with households and cases');
    // Buildings are numbered per compound: 龙湖花园 has its own 1号楼, so the name must be told apart first.
    const clash = await moveNode(store, await actor('shuji'), { nodeId: found.id, targetParentId: to.id }, NOW);
    if (!clash.ok) assert.match(clash.message, /请先改名/);
    assert.ok((await updateNode(store, await actor('shuji'), { nodeId: found.id, name: `龙盛${found.name}`, partyOrgName: found.partyOrgName, servicePhone: null }, NOW)).ok);
    const b = await node(found.id);
    // Extra copies the demo does not make: an API token and a visit at this building.
    const admin = await user('admin');
    assert.ok((await createApiToken(store, admin, { name: '测试令牌', nodeId: from.id })).ok);
    const h = await first(store.db.select().from(households).where(eq(households.nodeId, b.id)).orderBy(asc(households.id)));
    const resident = await first(store.db.select({ id: persons.id }).from(persons).where(eq(persons.householdId, h.id)).orderBy(asc(persons.id)));
    const { tokenAtBuilding, member } = await store.write(async (tx) => {
      const [token] = await tx.insert(apiTokens).values({ name: '楼栋令牌', tokenHash: 'x'.repeat(64), tokenPrefix: 'yh_x', nodeId: b.id, nodePath: b.path, createdAt: NOW }).returning();
      await tx.insert(visits).values({ householdId: h.id, nodePath: h.nodePath, accountId: admin.id, visitedAt: NOW, createdAt: NOW });
      const [added] = await tx.insert(partyMembers).values({ personId: resident.id, kind: 'in_service', nodeId: b.id, nodePath: b.path, registeredOn: '2026-01-01' }).returning();
      return { tokenAtBuilding: token!, member: added! };
    });

    // An open case wg01 (龙盛华庭 only) handles himself: after the move it is in a grid he does not cover.
    const wg01 = actorFromUser(await user('wg01'));
    const logged = await createCase(store, wg01, { description: '楼道堆物', source: 'patrol', nodeId: b.id, urgency: 'normal' }, [], NOW);
    assert.ok(logged.ok);
    const category = (await first(store.db.select({ id: categories.id }).from(categories).orderBy(asc(categories.id)))).id;
    const accepted = await performAction(store, wg01, { id: logged.id }, { action: 'accept', categoryId: category, urgency: 'normal', version: logged.version }, [], NOW);
    assert.ok(accepted.ok);
    const version = (await first(store.db.select({ v: cases.version }).from(cases).where(eq(cases.id, logged.id)))).v;
    assert.ok((await performAction(store, wg01, { id: logged.id }, { action: 'handle_self', version }, [], NOW)).ok);

    const counts = { households: await countWhere(households, b.path), cases: await countWhere(cases, b.path), visits: await countWhere(visits, b.path) };
    const r = await moveNode(store, await actor('shuji'), moveNodeSchema.parse({ nodeId: String(b.id), targetParentId: String(to.id) }), NOW);
    assert.ok(r.ok, JSON.stringify(r));
    const moved = await node(b.id);
    assert.equal(moved.parentId, to.id);
    assert.equal(moved.path, `${to.path}${b.id}/`);
    await assertConsistent();
    assert.deepEqual({ households: await countWhere(households, moved.path), cases: await countWhere(cases, moved.path), visits: await countWhere(visits, moved.path) }, counts);
    assert.equal(await countWhere(households, b.path), 0);
    const caseGrids = await store.db.selectDistinct({ gridId: cases.gridId }).from(cases).where(eq(cases.nodeId, b.id));
    assert.deepEqual(caseGrids, [{ gridId: to.id }]);
    assert.equal((await first(store.db.select().from(apiTokens).where(eq(apiTokens.id, tokenAtBuilding.id)))).nodePath, moved.path);
    assert.equal((await first(store.db.select().from(partyMembers).where(eq(partyMembers.id, member.id)))).nodePath, moved.path);
    assert.equal((await first(store.db.select().from(intakePoints).where(eq(intakePoints.nodeId, b.id)).orderBy(asc(intakePoints.id)))).name, `龙湖花园 ${b.name}`);
    assert.equal(r.summary!.households, counts.households);
    assert.equal(r.summary!.cases, counts.cases);
    assert.ok(r.summary!.openCasesWithOldWorker >= 1);
    assert.match(r.message, /请在事项清单中改派/);

    // Scope follows: the new grid's worker covers its households; the old grid's worker no longer does.
    assert.ok(isWithinScope((await user('wg02')).scope, moved.path));
    assert.ok(!isWithinScope((await user('wg01')).scope, moved.path));
    const row = (await auditRows(`node:${b.id}`)).at(-1)!;
    assert.equal(row.action, 'move_node');
    const detail = JSON.parse(row.detail!);
    assert.deepEqual(detail.parentId, [from.id, to.id]);
    assert.match(detail.note, /户/);
  });

  it('refuses a rural grid, the current grid and a grid outside the scope, changing nothing', async (tc) => {
    if (!(await use(tc))) return;
    const from = await named('龙盛华庭', 'grid');
    const b = (await buildingsOf(from))[2]!;
    const targets = [await named('龙湖村东片', 'grid'), from, await named('府前花园', 'grid')];
    for (const t of targets) {
      const r = await moveNode(store, await actor('shuji'), { nodeId: b.id, targetParentId: t.id }, NOW);
      assert.ok(!r.ok && r.code === 'invalid_input' && r.fieldErrors?.targetParentId, `${t.name}: ${JSON.stringify(r)}`);
    }
    assert.equal((await node(b.id)).path, b.path);
    // The picker offers only what the rules accept.
    const offered = (await moveTargets(store.db, await actor('shuji'), b)).map((t) => t.id);
    assert.ok(!offered.includes(from.id) && !offered.includes(targets[0]!.id) && !offered.includes(targets[2]!.id));
    assert.ok(offered.includes((await named('龙湖花园', 'grid')).id));
    await assertConsistent();
  });
});

describe('moving a grid to another community', async () => {
  it('is beyond a community secretary, and within the administrator: the grid, its buildings and its accounts follow', async (tc) => {
    if (!(await use(tc))) return;
    const grid = await named('龙湖花园', 'grid');
    const fuqian = await named('府前社区', 'community');
    const denied = await moveNode(store, await actor('shuji'), { nodeId: grid.id, targetParentId: fuqian.id }, NOW);
    assert.ok(!denied.ok && denied.code === 'invalid_input');

    const buildingCount = (await buildingsOf(grid)).length;
    const householdCount = await countWhere(households, grid.path);
    const r = await moveNode(store, await actor('admin'), { nodeId: grid.id, targetParentId: fuqian.id }, NOW);
    assert.ok(r.ok, JSON.stringify(r));
    const moved = await node(grid.id);
    assert.equal(moved.path, `${fuqian.path}${grid.id}/`);
    assert.equal((await buildingsOf(moved)).length, buildingCount);
    assert.equal(await countWhere(households, moved.path), householdCount);
    await assertConsistent();
    // 龙湖社区's secretary no longer sees it, 府前社区's does; its grid worker keeps it.
    assert.equal(await getNodeInScope(store.db, (await user('shuji')).scope, grid.id), null);
    assert.ok(await getNodeInScope(store.db, (await user('fqshuji')).scope, grid.id));
    assert.ok(isWithinScope((await user('wg02')).scope, moved.path));
    // Cases keep their grid id (the grid itself moved) and its buildings' cases still point at it.
    const grids = await store.db.selectDistinct({ gridId: cases.gridId }).from(cases).where(like(cases.nodePath, `${moved.path}%`));
    assert.deepEqual(grids, grids.length ? [{ gridId: grid.id }] : []);
    // The township secretary may move it back: both communities are in their scope.
    assert.ok((await moveNode(store, await actor('zhenshuji'), { nodeId: grid.id, targetParentId: (await named('龙湖社区', 'community')).id }, NOW)).ok);
    await assertConsistent();
  });

  it('refuses to move a community or a building to a community', async (tc) => {
    if (!(await use(tc))) return;
    const community = await named('龙湖社区', 'community');
    const r1 = await moveNode(store, await actor('admin'), { nodeId: community.id, targetParentId: (await named('龙兴镇', 'township')).id }, NOW);
    assert.ok(!r1.ok);
    const b = (await buildingsOf(await named('龙盛华庭', 'grid')))[0]!;
    const r2 = await moveNode(store, await actor('admin'), { nodeId: b.id, targetParentId: community.id }, NOW);
    assert.ok(!r2.ok && r2.fieldErrors?.targetParentId);
  });
});

describe('retiring', async () => {
  it('a retired building takes no request by any channel, its QR code says so, and it leaves the pickers', async (tc) => {
    if (!(await use(tc))) return;
    const grid = await named('龙盛华庭', 'grid');
    const b = (await buildingsOf(grid)).at(-1)!;
    const point = await first(store.db.select().from(intakePoints).where(eq(intakePoints.nodeId, b.id)).orderBy(asc(intakePoints.id)));
    const householdsBefore = await countWhere(households, b.path);
    const countsBefore = (await getOrgTree(store.db, { paths: [grid.path] }))[0]!.counts;
    const r = await retireNode(store, await actor('shuji'), { nodeId: b.id }, NOW);
    assert.ok(r.ok);
    assert.ok((await node(b.id)).retiredAt);
    // Staff intake and the API go through createCase.
    const staff = await createCase(store, actorFromUser(await user('wg01')), { description: '路灯不亮', source: 'patrol', nodeId: b.id, urgency: 'normal' }, [], NOW);
    assert.ok(!staff.ok && staff.message === RETIRED_PLACE_MESSAGE);
    // The resident's QR code still resolves, marked retired, and the submission is refused before any photo work.
    assert.equal((await findActiveIntakePoint(store.db, point.code))?.retired, true);
    const resident = await submitAtIntakePoint(store, { code: point.code, input: { description: '楼道灯坏了', wantsCallback: false } as never, files: [], ip: '203.0.113.9' }, NOW);
    assert.deepEqual(resident, { ok: false, code: 'retired', message: RETIRED_PLACE_MESSAGE });
    // Gone from the places to log at, the move targets and the QR print sheet; no new codes are made for it.
    assert.ok(!(await intakeLocations(store.db, (await user('wg01')).scope)).some((g) => g.buildings.some((x) => x.id === b.id)));
    assert.ok(!(await activeNodesOf(store.db, (await user('shuji')).scope, ['building'])).some((n) => n.id === b.id));
    assert.ok(!(await listIntakePointsForPrint(store.db, grid, { withBuildings: true })).some((p) => p.nodeId === b.id));
    await store.write(async (tx) => tx.delete(intakePoints).where(eq(intakePoints.id, point.id)));
    assert.equal(await ensureIntakePoints(store, [b.id]), 0);
    // Nothing is deleted: the households stay, and the browser still shows the node, marked.
    assert.equal(await countWhere(households, b.path), householdsBefore);
    const tree = (await getOrgTree(store.db, { paths: [grid.path] }))[0]!;
    assert.equal(tree.children.find((c) => c.id === b.id)?.retired, true);
    // It no longer counts as one of the grid's buildings; its households still count.
    assert.equal(tree.counts.buildings, countsBefore.buildings - 1);
    assert.equal(tree.counts.households, countsBefore.households);
    const row = (await auditRows(`node:${b.id}`)).at(-1)!;
    assert.equal(row.action, 'retire_node');
    // A retired node is no longer edited, moved or built under.
    assert.ok(!(await updateNode(store, await actor('shuji'), { nodeId: b.id, name: '新名', partyOrgName: null, servicePhone: null }, NOW)).ok);
    assert.ok(!(await moveNode(store, await actor('shuji'), { nodeId: b.id, targetParentId: (await named('龙湖花园', 'grid')).id }, NOW)).ok);
    await assertConsistent();
  });

  it('retiring a grid retires its buildings; nothing can be moved into it or created under it', async (tc) => {
    if (!(await use(tc))) return;
    const community = await named('龙湖社区', 'community');
    const g = await createNode(store, await actor('shuji'), { parentId: community.id, name: '待撤网格', partyOrgName: null, rural: false }, NOW);
    assert.ok(g.ok);
    const b = await createNode(store, await actor('shuji'), { parentId: g.nodeId, name: '1号楼', partyOrgName: null, rural: false }, NOW);
    assert.ok(b.ok);
    assert.ok((await retireNode(store, await actor('shuji'), { nodeId: g.nodeId }, NOW)).ok);
    assert.ok((await node(b.nodeId)).retiredAt);
    assert.ok(!(await createNode(store, await actor('shuji'), { parentId: g.nodeId, name: '2号楼', partyOrgName: null, rural: false }, NOW)).ok);
    const other = (await buildingsOf(await named('龙盛华庭', 'grid')))[0]!;
    const into = await moveNode(store, await actor('shuji'), { nodeId: other.id, targetParentId: g.nodeId }, NOW);
    assert.ok(!into.ok && into.message.includes('已撤销'));
    assert.ok(!(await retireNode(store, await actor('shuji'), { nodeId: g.nodeId }, NOW)).ok, 'twice is refused');
    await assertConsistent();
  });

  it('keeps communities to the administrator, and the grid worker out', async (tc) => {
    if (!(await use(tc))) return;
    const community = await named('府前社区', 'community');
    const r = await retireNode(store, await actor('fqshuji'), { nodeId: community.id }, NOW);
    assert.equal(r.ok ? 'ok' : r.code, 'forbidden');
    const grid = await named('龙盛华庭', 'grid');
    const w = await retireNode(store, await actor('wg01'), { nodeId: grid.id }, NOW);
    assert.equal(w.ok ? 'ok' : w.code, 'forbidden');
    assert.equal((await node(grid.id)).retiredAt, null);
  });
});

describe("a building's party-group leader", async () => {
  it('is an active party member serving that building, audited', async (tc) => {
    if (!(await use(tc))) return;
    const b = await first(
      store.db
        .select()
        .from(orgNodes)
        .where(and(eq(orgNodes.kind, 'building'), sql`exists (select 1 from party_members m where m.node_id = ${orgNodes.id} and m.status = 'active')`, sql`${orgNodes.retiredAt} is null`))
        .orderBy(asc(orgNodes.id))
        .limit(1),
    );
    const [candidate] = await leaderCandidates(store.db, b.id);
    assert.ok(candidate);
    assert.ok((await setBuildingLeader(store, await actor('admin'), { nodeId: b.id, partyMemberId: candidate.id }, NOW)).ok);
    assert.equal((await node(b.id)).leaderPartyMemberId, candidate.id);
    assert.equal((await auditRows(`node:${b.id}`)).at(-1)!.action, 'update_node');

    const elsewhere = await first(store.db.select().from(partyMembers).where(sql`${partyMembers.nodeId} <> ${b.id}`).orderBy(asc(partyMembers.id)).limit(1));
    const wrong = await setBuildingLeader(store, await actor('admin'), { nodeId: b.id, partyMemberId: elsewhere.id }, NOW);
    assert.ok(!wrong.ok && wrong.fieldErrors?.partyMemberId);
    await store.write(async (tx) => tx.update(partyMembers).set({ status: 'transferred_out', leftOn: '2026-11-01' }).where(eq(partyMembers.id, candidate.id)));
    assert.ok(!(await leaderCandidates(store.db, b.id)).some((c) => c.id === candidate.id));
    const gone = await setBuildingLeader(store, await actor('admin'), { nodeId: b.id, partyMemberId: candidate.id }, NOW);
    assert.ok(!gone.ok, 'a member who transferred out cannot be chosen again');
    assert.ok((await setBuildingLeader(store, await actor('admin'), { nodeId: b.id, partyMemberId: null }, NOW)).ok);
    assert.equal((await node(b.id)).leaderPartyMemberId, null);
  });
});

describe("a grid's accounts", async () => {
  it('lists the grid workers scoped to the grid', async (tc) => {
    if (!(await use(tc))) return;
    const grid = await named('龙盛华庭', 'grid');
    const rows = await accountsOfNode(store.db, grid.id);
    assert.ok(rows.some((a) => a.username === 'wg01' && a.role === 'grid_worker'));
    assert.equal(rows[0]!.role, 'grid_worker');
  });
});
