// The places of intake and the household picker, on the engine of this test process (npm run test:unit: SQLite;
// npm run test:unit:pg: PostgreSQL). Who is who is read from the same demo generated into SQLite.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { accounts } from '@/db/schema';
import { registerTestStore } from '@/db/store-testing';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { pickHouseholds } from './household-picker';
import { intakeLocations } from './locations';

const storeFor = registerTestStore({ demo: true });
const { db, close } = openTestDatabase({ demo: true });
after(close);

function userOf(username: string) {
  const account = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!;
  return loadUserSync(db, account.id)!;
}

test("a grid worker's places are their grid and its buildings", async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const groups = await intakeLocations(store.db, userOf('wg01').scope);
  assert.equal(groups.length, 1);
  assert.equal(groups[0]!.label, '龙盛华庭');
  assert.equal(groups[0]!.gridSelectable, true);
  assert.equal(groups[0]!.buildings.length, 8);
});

test('a worker with two grids gets two groups; a secretary gets every grid of the community', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  assert.deepEqual(
    (await intakeLocations(store.db, userOf('wg21').scope)).map((g) => g.label),
    ['府前花园', '文庙巷小区'],
  );
  const community = await intakeLocations(store.db, userOf('shuji').scope);
  assert.equal(community.length, 12);
  assert.equal(community.reduce((n, g) => n + g.buildings.length, 0), 103);
});

test('across communities, groups are named with their community and kept together', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const labels = (await intakeLocations(store.db, userOf('admin').scope)).map((g) => g.label);
  assert.ok(labels.every((l) => l.includes(' · ')));
  const communities = labels.map((l) => l.split(' · ')[0]);
  const fuqian = communities.length - 12;
  assert.deepEqual(communities, [...Array<string>(12).fill('龙湖社区'), ...Array<string>(fuqian).fill('府前社区')]);
});

test('household choices stay in scope and show only masked phones', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const wg01 = userOf('wg01');
  const choices = await pickHouseholds(store.db, wg01.scope, '301');
  assert.ok(choices.length > 0);
  for (const c of choices) {
    assert.ok(c.address.startsWith('龙盛华庭'));
    for (const r of c.residents) assert.ok(r.phone === '' || /^\d{3}\*{4}\d{4}$/.test(r.phone), r.phone);
  }
  assert.deepEqual(await pickHouseholds(store.db, wg01.scope, '府前花园'), []);
});
