import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { count, eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { Random } from '@/db/demo/random';
import { intakePoints, orgNodes } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import {
  createIntakePointsForDemo,
  ensureIntakePoints,
  findActiveIntakePoint,
  listIntakePointsForPrint,
  listIntakePointsOfNode,
  newIntakeCode,
  seededIntakeCode,
} from './intake-points';

let db: DB;
let close: () => void;
before(() => {
  ({ db, close } = openTestDatabase({ demo: true }));
  createIntakePointsForDemo(db, new Random(7));
});
after(() => close());

const nodeNamed = (name: string, kind: 'grid' | 'building', parentPath?: string) =>
  db
    .select()
    .from(orgNodes)
    .where(eq(orgNodes.name, name))
    .all()
    .find((n) => n.kind === kind && (!parentPath || n.path.startsWith(parentPath)))!;

describe('intake points', () => {
  it('gives every grid a code and a 微光心愿箱, and every building a code', () => {
    const nodes = db.select({ kind: orgNodes.kind }).from(orgNodes).all();
    const grids = nodes.filter((n) => n.kind === 'grid').length;
    const buildings = nodes.filter((n) => n.kind === 'building').length;
    const total = db.select({ n: count() }).from(intakePoints).get()!.n;
    assert.equal(total, grids * 2 + buildings);
  });

  it('names each point after its place', () => {
    const grid = nodeNamed('龙盛华庭', 'grid');
    assert.deepEqual(
      listIntakePointsOfNode(db, grid.id).map((p) => [p.kind, p.name]),
      [
        ['grid', '龙盛华庭'],
        ['wish_box', '微光心愿箱 · 龙盛华庭党群服务站'],
      ],
    );
    const building = nodeNamed('3号楼', 'building', grid.path);
    assert.deepEqual(
      listIntakePointsOfNode(db, building.id).map((p) => [p.kind, p.name, p.nodePath]),
      [['building', '龙盛华庭 3号楼', building.path]],
    );
  });

  it('finds an active point by its code, and nothing for unknown, malformed or switched-off codes', () => {
    const grid = nodeNamed('龙盛华庭', 'grid');
    const [point] = listIntakePointsOfNode(db, grid.id);
    assert.ok(point);
    assert.deepEqual(findActiveIntakePoint(db, point.code), { ...point, retired: false });
    assert.equal(findActiveIntakePoint(db, 'AAAAAAAAAAAA'), null);
    assert.equal(findActiveIntakePoint(db, "x' or 1=1 --"), null);
    assert.equal(findActiveIntakePoint(db, ''), null);
    db.update(intakePoints).set({ active: false }).where(eq(intakePoints.id, point.id)).run();
    assert.equal(findActiveIntakePoint(db, point.code), null);
    db.update(intakePoints).set({ active: true }).where(eq(intakePoints.id, point.id)).run();
  });

  it('creates only what is missing, and skips nodes that are not grids or buildings', () => {
    const grid = nodeNamed('龙湖花园', 'grid');
    const community = db.select().from(orgNodes).where(eq(orgNodes.kind, 'community')).get()!;
    assert.equal(ensureIntakePoints(db, [grid.id, community.id]), 0);
    const wishBox = listIntakePointsOfNode(db, grid.id).find((p) => p.kind === 'wish_box')!;
    db.delete(intakePoints).where(eq(intakePoints.id, wishBox.id)).run();
    assert.equal(ensureIntakePoints(db, [grid.id, community.id]), 1);
    const again = listIntakePointsOfNode(db, grid.id).find((p) => p.kind === 'wish_box')!;
    assert.notEqual(again.code, wishBox.code);
    assert.equal(listIntakePointsOfNode(db, community.id).length, 0);
  });

  it('lists the sheets to print: those of the node first, then building by building', () => {
    const grid = nodeNamed('龙盛华庭', 'grid');
    assert.deepEqual(
      listIntakePointsForPrint(db, grid).map((p) => p.kind),
      ['grid', 'wish_box'],
    );
    const all = listIntakePointsForPrint(db, grid, { withBuildings: true });
    const buildings = db.select().from(orgNodes).where(eq(orgNodes.parentId, grid.id)).all();
    assert.equal(all.length, 2 + buildings.length);
    assert.deepEqual(all.slice(0, 3).map((p) => p.name), ['龙盛华庭', '微光心愿箱 · 龙盛华庭党群服务站', '龙盛华庭 1号楼']);
    assert.equal(all[0]!.partyOrgName, '龙盛华庭小区党支部');
    // Another grid's points never appear, even when its path starts with the same digits.
    assert.ok(all.every((p) => p.nodePath.startsWith(grid.path)));
  });

  it('makes unguessable URL-safe codes, reproducible only for the demo', () => {
    const codes = new Set(Array.from({ length: 1000 }, newIntakeCode));
    assert.equal(codes.size, 1000);
    for (const c of codes) assert.match(c, /^[A-Za-z0-9_-]{12}$/);
    const a = seededIntakeCode(new Random(1));
    const b = seededIntakeCode(new Random(1));
    assert.deepEqual([a(), a()], [b(), b()]);
    const all = db.select({ code: intakePoints.code }).from(intakePoints).all();
    assert.equal(new Set(all.map((p) => p.code)).size, all.length);
  });
});
