// The filter bar's choices: all of a small scope's buildings and handlers; a large scope's only for the chosen grid.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { accounts, orgNodes } from '@/db/schema';
import { registerTestStore } from '@/db/store-testing';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { bulkAssignees, queueOptions } from './queue-options';

// On the engine of this test process (test:unit: SQLite; test:unit:pg: PostgreSQL); who is who from the same demo in SQLite.
const storeFor = registerTestStore({ demo: true });
const { db, close } = openTestDatabase({ demo: true });
after(close);

const scopeOf = (username: string) => loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!.scope;
const township = scopeOf('zhenshuji');

describe('queue filter choices', () => {
  test('a scope of ordinary size offers every building and handler in it', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    const o = await queueOptions(store.db, township);
    assert.equal(o.buildingsNeedGrid, false);
    assert.equal(o.handlersNeedGrid, false);
    const allBuildings = db.select({ id: orgNodes.id }).from(orgNodes).where(eq(orgNodes.kind, 'building')).all();
    assert.equal(o.buildings.length, allBuildings.length);
    assert.ok(o.handlers.some((h) => h.role === 'party_member') && o.handlers.some((h) => h.role === 'grid_worker'));
  });

  test('a scope with more than a list can hold offers buildings and handlers grid by grid, and always the chosen ones', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    const full = await queueOptions(store.db, township);
    const small = 5;
    const none = await queueOptions(store.db, township, {}, small);
    assert.equal(none.buildingsNeedGrid, true);
    assert.equal(none.handlersNeedGrid, true);
    assert.deepEqual(none.buildings, []);
    assert.deepEqual(none.handlers, []);
    // Grids, units and categories are never cut.
    assert.deepEqual(none.grids, full.grids);
    assert.deepEqual(none.units, full.units);

    const grid = full.grids[0]!;
    const inGrid = await queueOptions(store.db, township, { gridId: grid.id }, small);
    assert.deepEqual(
      inGrid.buildings.map((b) => b.id),
      full.buildings.filter((b) => b.gridId === grid.id).map((b) => b.id),
    );
    // The grid's own worker is offered (the worker who covers it), and nobody from another grid only.
    const workers = await bulkAssignees(store.db, township);
    const covers = (w: { grids: string }) => w.grids.split('、').includes(grid.name);
    const worker = workers.find(covers)!;
    assert.ok(inGrid.handlers.some((h) => h.id === worker.id));
    const stranger = workers.find((w) => !covers(w))!;
    assert.ok(!inGrid.handlers.some((h) => h.id === stranger.id));
    assert.ok(inGrid.handlers.length < full.handlers.length);

    // A building or handler chosen before the grid was cleared stays selectable, so the form shows what filters.
    const otherBuilding = full.buildings.find((b) => b.gridId !== grid.id)!;
    const kept = await queueOptions(store.db, township, { buildingId: otherBuilding.id, handlerId: stranger.id }, small);
    assert.deepEqual(kept.buildings.map((b) => b.id), [otherBuilding.id]);
    assert.deepEqual(kept.handlers.map((h) => h.id), [stranger.id]);
  });

  test('a building or handler outside the scope is never offered, whatever is asked for', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    const community = scopeOf('shuji');
    const mine = await queueOptions(store.db, community);
    const outside = (await queueOptions(store.db, township)).buildings.find((b) => !mine.buildings.some((m) => m.id === b.id))!;
    const asked = await queueOptions(store.db, community, { buildingId: outside.id, gridId: outside.gridId }, 1);
    assert.ok(!asked.buildings.some((b) => b.id === outside.id));
  });

  test('派给网格员 offers every active grid worker of the scope, with the grids each covers, and nobody outside it', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    const all = await bulkAssignees(store.db, township);
    const community = scopeOf('shuji');
    const mine = await bulkAssignees(store.db, community);
    const gridsOf = (scope: typeof township) =>
      db.select({ name: orgNodes.name, path: orgNodes.path }).from(orgNodes).where(eq(orgNodes.kind, 'grid')).all().filter((g) => scope.paths.some((p) => g.path.startsWith(p)));
    const myGrids = new Set(gridsOf(community).map((g) => g.name));
    assert.ok(mine.length > 0 && mine.length < all.length, 'the community secretary sees fewer workers than the township');
    for (const w of mine) {
      assert.ok(w.grids.split('、').every((name) => myGrids.has(name)), `${w.name} covers only grids of the community: ${w.grids}`);
      assert.ok(all.some((a) => a.id === w.id));
    }
    // wg01 looks after 龙盛华庭 (the demo's first grid worker).
    const wg01 = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'wg01')).get()!;
    assert.match(mine.find((w) => w.id === wg01.id)!.grids, /龙盛华庭/);
    const outsider = all.find((a) => !mine.some((m) => m.id === a.id))!;
    assert.ok(!outsider.grids.split('、').some((name) => myGrids.has(name)));
  });
});
