// The QR intake points on the engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL).
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { count, eq } from 'drizzle-orm';
import { Random } from '@/db/demo/random';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { intakePoints, orgNodes } from '@/db/tables';
import {
  createDemoIntakePoints,
  ensureIntakePoints,
  findActiveIntakePoint,
  listIntakePointsForPrint,
  listIntakePointsOfNode,
  newIntakeCode,
  seededIntakeCode,
} from './intake-points';

const storeFor = registerTestStore({ demo: true });
let ready: Promise<unknown> | null = null;
/** The store with the demo's intake points, made once for the file. */
async function demo(t: TestContext): Promise<Store | undefined> {
  const store = storeFor(t);
  if (!store) return undefined;
  ready ??= createDemoIntakePoints(store, new Random(7));
  await ready;
  return store;
}

async function nodeNamed(store: Store, name: string, kind: 'grid' | 'building', parentPath?: string) {
  const rows = await store.db.select().from(orgNodes).where(eq(orgNodes.name, name)).orderBy(orgNodes.id);
  return rows.find((n) => n.kind === kind && (!parentPath || n.path.startsWith(parentPath)))!;
}

describe('intake points', () => {
  it('gives every grid a code and a 微光心愿箱, and every building a code', async (t) => {
    const store = await demo(t);
    if (!store) return;
    const nodes = await store.db.select({ kind: orgNodes.kind }).from(orgNodes);
    const grids = nodes.filter((n) => n.kind === 'grid').length;
    const buildings = nodes.filter((n) => n.kind === 'building').length;
    const [total] = await store.db.select({ n: count() }).from(intakePoints);
    assert.equal(total!.n, grids * 2 + buildings);
  });

  it('names each point after its place', async (t) => {
    const store = await demo(t);
    if (!store) return;
    const grid = await nodeNamed(store, '龙盛华庭', 'grid');
    assert.deepEqual(
      (await listIntakePointsOfNode(store.db, grid.id)).map((p) => [p.kind, p.name]),
      [
        ['grid', '龙盛华庭'],
        ['wish_box', '微光心愿箱 · 龙盛华庭党群服务站'],
      ],
    );
    const building = await nodeNamed(store, '3号楼', 'building', grid.path);
    assert.deepEqual(
      (await listIntakePointsOfNode(store.db, building.id)).map((p) => [p.kind, p.name, p.nodePath]),
      [['building', '龙盛华庭 3号楼', building.path]],
    );
  });

  it('finds an active point by its code, and nothing for unknown, malformed or switched-off codes', async (t) => {
    const store = await demo(t);
    if (!store) return;
    const grid = await nodeNamed(store, '龙盛华庭', 'grid');
    const [point] = await listIntakePointsOfNode(store.db, grid.id);
    assert.ok(point);
    assert.deepEqual(await findActiveIntakePoint(store.db, point.code), { ...point, retired: false });
    assert.equal(await findActiveIntakePoint(store.db, 'AAAAAAAAAAAA'), null);
    assert.equal(await findActiveIntakePoint(store.db, "x' or 1=1 --"), null);
    assert.equal(await findActiveIntakePoint(store.db, ''), null);
    await store.write((tx) => tx.update(intakePoints).set({ active: false }).where(eq(intakePoints.id, point.id)));
    assert.equal(await findActiveIntakePoint(store.db, point.code), null);
    await store.write((tx) => tx.update(intakePoints).set({ active: true }).where(eq(intakePoints.id, point.id)));
  });

  it('creates only what is missing, and skips nodes that are not grids or buildings', async (t) => {
    const store = await demo(t);
    if (!store) return;
    const grid = await nodeNamed(store, '龙湖花园', 'grid');
    const [community] = await store.db.select().from(orgNodes).where(eq(orgNodes.kind, 'community')).limit(1);
    assert.equal(await ensureIntakePoints(store, [grid.id, community!.id]), 0);
    const wishBox = (await listIntakePointsOfNode(store.db, grid.id)).find((p) => p.kind === 'wish_box')!;
    await store.write((tx) => tx.delete(intakePoints).where(eq(intakePoints.id, wishBox.id)));
    assert.equal(await ensureIntakePoints(store, [grid.id, community!.id]), 1);
    const again = (await listIntakePointsOfNode(store.db, grid.id)).find((p) => p.kind === 'wish_box')!;
    assert.notEqual(again.code, wishBox.code);
    assert.equal((await listIntakePointsOfNode(store.db, community!.id)).length, 0);
  });

  it('creates a missing point once when asked for it concurrently', async (t) => {
    const store = await demo(t);
    if (!store) return;
    const grid = await nodeNamed(store, '龙湖花园', 'grid');
    const wishBox = (await listIntakePointsOfNode(store.db, grid.id)).find((p) => p.kind === 'wish_box')!;
    await store.write((tx) => tx.delete(intakePoints).where(eq(intakePoints.id, wishBox.id)));
    const created = await Promise.all(Array.from({ length: 8 }, () => ensureIntakePoints(store, [grid.id])));
    assert.deepEqual(created.sort(), [0, 0, 0, 0, 0, 0, 0, 1]);
    assert.equal((await listIntakePointsOfNode(store.db, grid.id)).filter((p) => p.kind === 'wish_box').length, 1);
  });

  it('lists the sheets to print: those of the node first, then building by building', async (t) => {
    const store = await demo(t);
    if (!store) return;
    const grid = await nodeNamed(store, '龙盛华庭', 'grid');
    assert.deepEqual(
      (await listIntakePointsForPrint(store.db, grid)).map((p) => p.kind),
      ['grid', 'wish_box'],
    );
    const all = await listIntakePointsForPrint(store.db, grid, { withBuildings: true });
    const buildings = await store.db.select().from(orgNodes).where(eq(orgNodes.parentId, grid.id));
    assert.equal(all.length, 2 + buildings.length);
    assert.deepEqual(all.slice(0, 3).map((p) => p.name), ['龙盛华庭', '微光心愿箱 · 龙盛华庭党群服务站', '龙盛华庭 1号楼']);
    assert.equal(all[0]!.partyOrgName, '龙盛华庭小区党支部');
    // Another grid's points never appear, even when its path starts with the same digits.
    assert.ok(all.every((p) => p.nodePath.startsWith(grid.path)));
  });

  it('makes unguessable URL-safe codes, reproducible only for the demo', async (t) => {
    const store = await demo(t);
    if (!store) return;
    const codes = new Set(Array.from({ length: 1000 }, newIntakeCode));
    assert.equal(codes.size, 1000);
    for (const c of codes) assert.match(c, /^[A-Za-z0-9_-]{12}$/);
    const a = seededIntakeCode(new Random(1));
    const b = seededIntakeCode(new Random(1));
    assert.deepEqual([a(), a()], [b(), b()]);
    const all = await store.db.select({ code: intakePoints.code }).from(intakePoints);
    assert.equal(new Set(all.map((p) => p.code)).size, all.length);
  });
});
