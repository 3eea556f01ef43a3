import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, like, ne } from 'drizzle-orm';
import { accounts, households, orgNodes } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { loadUser } from '@/lib/auth/load-user';
import { getHousehold } from './households';
import { getNodeInScope, getOrgTree, listHouseholdsOfNode } from './queries';
import { searchHouseholds } from './search';

const { db, close } = openTestDatabase({ demo: true });
after(close);

function userOf(username: string) {
  const account = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!;
  return loadUser(db, account.id)!;
}

const wg01 = userOf('wg01');
const ownGrid = wg01.scopeNodes[0]!;
const otherGrid = db
  .select()
  .from(orgNodes)
  .where(and(eq(orgNodes.kind, 'grid'), ne(orgNodes.id, ownGrid.id)))
  .get()!;
const otherHousehold = db.select().from(households).where(like(households.nodePath, `${otherGrid.path}%`)).get()!;

test("a grid worker's tree is their own grid only", () => {
  const roots = getOrgTree(db, wg01.scope);
  assert.deepEqual(
    roots.map((r) => r.id),
    [ownGrid.id],
  );
  assert.ok(roots[0]!.counts.households > 0);
});

test('a grid worker cannot reach another grid, its buildings or its households', () => {
  assert.equal(getNodeInScope(db, wg01.scope, otherGrid.id), null);
  assert.equal(getHousehold(db, wg01.scope, otherHousehold.id), null);
  assert.deepEqual(listHouseholdsOfNode(db, wg01.scope, otherHousehold.nodeId), []);
});

test('a grid worker finds households of their own grid only', () => {
  const hits = searchHouseholds(db, wg01.scope, '301', 200);
  assert.ok(hits.length > 0);
  for (const h of hits) assert.ok(h.address.startsWith(ownGrid.name), h.address);
});

test('search takes % and _ literally', () => {
  assert.deepEqual(searchHouseholds(db, userOf('shuji').scope, '%'), []);
  assert.deepEqual(searchHouseholds(db, userOf('shuji').scope, '_'), []);
});

test('the community secretary sees the whole community: 4,321 households, 501 in-service party members', () => {
  const [community] = getOrgTree(db, userOf('shuji').scope);
  assert.equal(community!.name, '龙湖社区');
  assert.equal(community!.counts.households, 4321);
  assert.equal(community!.counts.partyMembers, 501);
  assert.ok(community!.counts.grids >= 10);
  assert.ok(community!.counts.buildings >= 100);
  const sumOfGrids = community!.children.reduce((s, g) => s + g.counts.households, 0);
  assert.equal(sumOfGrids, 4321);
  assert.ok(community!.children.every((g) => g.gridWorkers.length > 0), 'every grid has its grid worker');
});

test('a community secretary cannot reach a neighbouring community', () => {
  const other = db.select().from(orgNodes).where(eq(orgNodes.name, '府前社区')).get()!;
  assert.equal(getNodeInScope(db, userOf('shuji').scope, other.id), null);
  assert.ok(getNodeInScope(db, userOf('zhenshuji').scope, other.id), 'the township secretary can');
});

test('a disabled account resolves to no user at all', () => {
  db.update(accounts).set({ active: false }).where(eq(accounts.username, 'wg03')).run();
  const account = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'wg03')).get()!;
  assert.equal(loadUser(db, account.id), null);
});
