// The filter bar's choices: all of a small scope's buildings and handlers; a large scope's only for the chosen grid.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { accounts, orgNodes } from '@/db/schema';
import { registerTestStore } from '@/db/store-testing';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { queueOptions } from './queue-options';

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
    // Grids, units, categories and the workers for 派给网格员 are never cut.
    assert.deepEqual(none.grids, full.grids);
    assert.deepEqual(none.gridWorkers, full.gridWorkers);

    const grid = full.grids[0]!;
    const inGrid = await queueOptions(store.db, township, { gridId: grid.id }, small);
    assert.deepEqual(
      inGrid.buildings.map((b) => b.id),
      full.buildings.filter((b) => b.gridId === grid.id).map((b) => b.id),
    );
    // The grid's own worker is offered (the worker who covers it), and nobody from another grid only.
    const worker = full.gridWorkers.find((w) => w.gridIds.includes(grid.id))!;
    assert.ok(inGrid.handlers.some((h) => h.id === worker.id));
    const stranger = full.gridWorkers.find((w) => !w.gridIds.includes(grid.id))!;
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
});
