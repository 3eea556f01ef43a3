// The organisation tree's reads, scoped, on the engine of this test process (npm run test:unit: SQLite;
// npm run test:unit:pg: PostgreSQL). Who is who comes from the demo generated into SQLite, the same rows (and ids)
// as the store's demo, read synchronously at load (loadUserSync) so the tests can name their users up front.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, like, ne } from 'drizzle-orm';
import { accounts, households, orgNodes } from '@/db/schema';
import { registerTestStore } from '@/db/store-testing';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { getHousehold } from './households';
import { getNodeInScope, getOrgTree, listHouseholdsOfNode } from './queries';
import { searchHouseholds } from './search';

const storeFor = registerTestStore({ demo: true });
const { db: fixtures, close } = openTestDatabase({ demo: true });
after(close);

function userOf(username: string) {
  const account = fixtures.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!;
  return loadUserSync(fixtures, account.id)!;
}

const wg01 = userOf('wg01');
const ownGrid = wg01.scopeNodes[0]!;
const otherGrid = fixtures
  .select()
  .from(orgNodes)
  .where(and(eq(orgNodes.kind, 'grid'), ne(orgNodes.id, ownGrid.id)))
  .get()!;
const otherHousehold = fixtures.select().from(households).where(like(households.nodePath, `${otherGrid.path}%`)).get()!;

test("a grid worker's tree is their own grid only", async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const roots = await getOrgTree(store.db, wg01.scope);
  assert.deepEqual(
    roots.map((r) => r.id),
    [ownGrid.id],
  );
  assert.ok(roots[0]!.counts.households > 0);
});

test('a grid worker cannot reach another grid, its buildings or its households', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  assert.equal(await getNodeInScope(store.db, wg01.scope, otherGrid.id), null);
  assert.equal(await getHousehold(store.db, wg01.scope, otherHousehold.id), null);
  assert.deepEqual(await listHouseholdsOfNode(store.db, wg01.scope, otherHousehold.nodeId), []);
  // …while the same calls reach their own.
  assert.equal((await getNodeInScope(store.db, wg01.scope, ownGrid.id))?.name, ownGrid.name);
});

test('a grid worker finds households of their own grid only', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const hits = await searchHouseholds(store.db, wg01.scope, '301', 200);
  assert.ok(hits.length > 0);
  for (const h of hits) assert.ok(h.address.startsWith(ownGrid.name), h.address);
});

test('search takes % and _ literally', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  assert.deepEqual(await searchHouseholds(store.db, userOf('shuji').scope, '%'), []);
  assert.deepEqual(await searchHouseholds(store.db, userOf('shuji').scope, '_'), []);
});

test('the community secretary sees the whole community: 4,321 households, 501 in-service party members', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const [community] = await getOrgTree(store.db, userOf('shuji').scope);
  assert.equal(community!.name, '龙湖社区');
  assert.equal(community!.counts.households, 4321);
  assert.equal(community!.counts.partyMembers, 501);
  assert.ok(community!.counts.grids >= 10);
  assert.ok(community!.counts.buildings >= 100);
  const sumOfGrids = community!.children.reduce((s, g) => s + g.counts.households, 0);
  assert.equal(sumOfGrids, 4321);
  assert.ok(community!.children.every((g) => g.gridWorkers.length > 0), 'every grid has its grid worker');
});

test('a community secretary cannot reach a neighbouring community', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const other = fixtures.select().from(orgNodes).where(eq(orgNodes.name, '府前社区')).get()!;
  assert.equal(await getNodeInScope(store.db, userOf('shuji').scope, other.id), null);
  assert.ok(await getNodeInScope(store.db, userOf('zhenshuji').scope, other.id), 'the township secretary can');
});

test('a disabled account resolves to no user at all', () => {
  fixtures.update(accounts).set({ active: false }).where(eq(accounts.username, 'wg03')).run();
  const account = fixtures.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'wg03')).get()!;
  assert.equal(loadUserSync(fixtures, account.id), null);
});
