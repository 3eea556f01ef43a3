// Who a case can be handed to, on the engine of this test process (test:unit SQLite, test:unit:pg PostgreSQL).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { registerTestStore } from '@/db/store-testing';
import { accounts, orgNodes } from '@/db/tables';
import { routingOptions } from './routing';

const storeFor = registerTestStore({ demo: true });

test("a case in 龙盛华庭: the grid's workers (each once, by username), the units serving it, the active categories", async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const [grid] = await store.db.select().from(orgNodes).where(eq(orgNodes.name, '龙盛华庭')).limit(1);
  const [wg01] = await store.db.select().from(accounts).where(eq(accounts.username, 'wg01')).limit(1);
  const [wg02] = await store.db.select().from(accounts).where(eq(accounts.username, 'wg02')).limit(1);
  const options = await routingOptions(store.db, `${grid!.path}99/`);
  assert.ok(options.gridWorkers.some((w) => w.id === wg01!.id && w.name === wg01!.displayName), 'its grid worker');
  assert.ok(!options.gridWorkers.some((w) => w.id === wg02!.id), 'not another grid’s');
  assert.equal(new Set(options.gridWorkers.map((w) => w.id)).size, options.gridWorkers.length, 'each once');
  assert.deepEqual(Object.keys(options.gridWorkers[0]!).sort(), ['id', 'name']);
  assert.ok(options.coBuildingUnits.length > 0 && options.departments.length > 0);
  assert.equal(options.categories.length, 15);
});
