// Right after `npm run setup`: the reads behind the admin's and the secretary's pages answer on a tree without grids, households or cases.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { listCategoriesWithLimits } from '@/lib/admin/queries';
import { authenticate } from '@/lib/auth/authenticate';
import { loadUser, type CurrentUser } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { countCasesSince } from '@/lib/cases/queries';
import { notableCases } from '@/lib/desk/notable-cases';
import { parseQueueFilters } from '@/lib/desk/filters';
import { queuePage, savedViewCounts } from '@/lib/desk/queue';
import { queueOptions } from '@/lib/desk/queue-options';
import { countCareTags } from '@/lib/org/care';
import { getNodeView, getOrgTree } from '@/lib/org/queries';
import { computeStats } from '@/lib/stats';
import { gridsInScope } from '@/lib/stats/grids';
import { accountCountsByRole, accountFormChoices, createAccount, createAccountSchema, listAccountsInScope } from './accounts';
import { runSetup } from './setup';

// On the engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL), on a database
// that holds nothing but what `npm run setup` writes.
const storeFor = registerTestStore();
const now = new Date('2026-12-02T10:00:00+08:00');
let setup: Extract<Awaited<ReturnType<typeof runSetup>>, { ok: true }>;
const users = new Map<string, CurrentUser>();
let store: Store;
let done: Promise<void> | undefined;
/** The store after the setup and a secretary's account (once, by the first test that asks), or false: PostgreSQL is missing. */
async function use(t: TestContext): Promise<boolean> {
  const s = storeFor(t);
  if (!s) return false;
  store = s;
  done ??= (async () => {
    const result = await runSetup(store, { county: '稷山县', township: '稷峰镇', community: '姚村社区', adminPassword: 'Jishan-2026-setup' }, now);
    assert.ok(result.ok);
    setup = result;
    const admin = (await loadUser(store.db, setup.adminId))!;
    const made = await createAccount(store, admin, createAccountSchema.parse({ username: 'yaoshuji', displayName: '李书记', role: 'secretary', nodeIds: [setup.nodeIds.community] }), now);
    assert.ok(made.ok);
    users.set('admin', admin);
    users.set('secretary', (await loadUser(store.db, made.accountId))!);
  })();
  await done;
  return true;
}

for (const role of ['admin', 'secretary']) {
  test(`the ${role}'s overview, tree, desk, queue and statistics read an empty community without failing`, async (t) => {
    if (!(await use(t))) return;
    const user = users.get(role)!;
    const [root] = await getOrgTree(store.db, user.scope);
    assert.ok(root);
    assert.equal(root.counts.grids, 0);
    assert.equal(root.counts.households, 0);
    assert.ok(await getNodeView(store.db, user.scope, setup.nodeIds.community));
    assert.deepEqual(Object.values(await countCareTags(store.db, user.scope)).filter((n) => n > 0), []);
    const viewer = actorFromUser(user);
    assert.deepEqual((await savedViewCounts(store.db, viewer, {}, now)).overdue, { n: 0, atLeast: false });
    assert.equal(await countCasesSince(store.db, viewer, new Date(now.getTime() - 86_400_000)), 0);
    assert.equal((await queuePage(store.db, viewer, parseQueueFilters({}).filters, now)).rows.length, 0);
    assert.ok(await queueOptions(store.db, user.scope));
    assert.deepEqual(await gridsInScope(store.db, user.scope), []);
    const stats = await computeStats(store.db, viewer, { from: new Date('2026-11-01T00:00:00+08:00'), to: now }, now);
    assert.ok(stats);
    assert.ok(await notableCases(store.db, viewer, { from: new Date('2026-11-01T00:00:00+08:00'), to: now }, now));
    assert.equal((await listCategoriesWithLimits(store.db)).length, 15);
    assert.ok((await listAccountsInScope(store.db, user, {})).items.length >= 1);
    assert.ok(await accountCountsByRole(store.db, user));
    // With no grid yet, a grid worker's account has nowhere to act: the form offers no grid.
    assert.deepEqual((await accountFormChoices(store.db, user)).scopes.filter((s) => s.kind === 'grid'), []);
  });
}

test('the administrator setup created signs in with the chosen password (not the demo one), acting for the county', async (t) => {
  if (!(await use(t))) return;
  const admin = users.get('admin')!;
  assert.deepEqual([admin.role, admin.scope.paths, admin.mustChangePassword], ['admin', [`/${setup.nodeIds.county}/`], false]);
  assert.equal((await authenticate(store, { login: 'admin', password: 'Jishan-2026-setup' }, null, now)).ok, true);
  assert.equal((await authenticate(store, { login: 'admin', password: 'Yinghuo@2026' }, null, now)).ok, false);
  assert.equal((await loadUser(store.db, users.get('secretary')!.id))!.mustChangePassword, true, 'a new account signs in with its one-time password first');
});
