// Right after `npm run setup`: the reads behind the admin's and the secretary's pages answer on a tree without grids, households or cases.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openTestDatabase } from '@/db/testing';
import { listCategoriesWithLimits } from '@/lib/admin/queries';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { countCasesSince } from '@/lib/cases/queries';
import { notableCases } from '@/lib/desk/notable-cases';
import { parseQueueFilters } from '@/lib/desk/filters';
import { queuePage, savedViewCounts } from '@/lib/desk/queue';
import { queueOptions } from '@/lib/desk/queue-options';
import { careTagCounts } from '@/lib/org/care';
import { getNodeView, getOrgTree } from '@/lib/org/queries';
import { computeStats } from '@/lib/stats';
import { gridsInScope } from '@/lib/stats/grids';
import { accountCountsByRole, accountFormChoices, createAccount, createAccountSchema, listAccountsInScope } from './accounts';
import { runSetup } from './setup';

const { db, close } = openTestDatabase();
after(close);
const now = new Date('2026-12-02T10:00:00+08:00');
const setup = runSetup(db, { county: '稷山县', township: '稷峰镇', community: '姚村社区', adminPassword: 'Jishan-2026-setup' }, now);
assert.ok(setup.ok);
const admin = loadUserSync(db, setup.adminId)!;
const made = createAccount(db, admin, createAccountSchema.parse({ username: 'yaoshuji', displayName: '李书记', role: 'secretary', nodeIds: [setup.nodeIds.community] }), now);
assert.ok(made.ok);
const secretary = loadUserSync(db, made.accountId)!;

for (const user of [admin, secretary]) {
  test(`the ${user.role}'s overview, tree, desk, queue and statistics read an empty community without failing`, async () => {
    const [root] = await getOrgTree(db, user.scope);
    assert.ok(root);
    assert.equal(root.counts.grids, 0);
    assert.equal(root.counts.households, 0);
    assert.ok(await getNodeView(db, user.scope, setup.nodeIds.community));
    assert.deepEqual(Object.values(careTagCounts(db, user.scope)).filter((n) => n > 0), []);
    const viewer = actorFromUser(user);
    assert.deepEqual(savedViewCounts(db, viewer, {}, now).overdue, { n: 0, atLeast: false });
    assert.equal(countCasesSince(db, viewer, new Date(now.getTime() - 86_400_000)), 0);
    assert.equal(queuePage(db, viewer, parseQueueFilters({}).filters, now).rows.length, 0);
    assert.ok(queueOptions(db, user.scope));
    assert.deepEqual(gridsInScope(db, user.scope), []);
    const stats = computeStats(db, viewer, { from: new Date('2026-11-01T00:00:00+08:00'), to: now }, now);
    assert.ok(stats);
    assert.ok(notableCases(db, viewer, { from: new Date('2026-11-01T00:00:00+08:00'), to: now }, now));
    assert.equal((await listCategoriesWithLimits(db)).length, 15);
    assert.ok(listAccountsInScope(db, user, {}).items.length >= 1);
    assert.ok(accountCountsByRole(db, user));
    // With no grid yet, a grid worker's account has nowhere to act: the form offers no grid.
    assert.deepEqual(accountFormChoices(db, user).scopes.filter((s) => s.kind === 'grid'), []);
  });
}
