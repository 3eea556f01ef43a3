// The statistics' read thread (lib/stats/read-thread.ts): the handlers' ranking read on a connection of its own in a
// worker thread answers exactly as it does on the caller's thread, sees what was committed before it was asked, and the
// production server's statistics use it. SQLite only (the thread exists only there).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import { DEFAULT_DEMO_NOW } from '@/db/demo/generate';
import { accounts, cases, categories, orgNodes } from '@/db/schema';
import { openSqliteStore, setAppStore, type AppDb } from '@/db/store';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCaseSync, performActionSync } from '@/lib/cases/commands';
import type { Viewer } from '@/lib/cases/visibility';
import { computeStats, rankHandlers, type RankedHandlers } from './aggregates';
import { chinaMonth, resolvePeriod } from './period';
import { startStatsReadThread, statsReadThreadFor, type StatsReadThread } from './read-thread';
import type { HandlerListing } from './types';

const { db, file, close } = openTestDatabase({ year: true });
const NOW = DEFAULT_DEMO_NOW;
let thread: StatsReadThread;

before(async () => {
  thread = await startStatsReadThread(file);
});
after(async () => {
  await thread.close();
  close();
});

const accountId = (username: string) => db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id;
const actor = (username: string) => actorFromUser(loadUserSync(db, accountId(username))!);
/** The scope's nodes, as computeStats reads them. */
const nodesOf = (viewer: Viewer) => db.select({ id: orgNodes.id, path: orgNodes.path }).from(orgNodes).where(inArray(orgNodes.path, [...viewer.scope.paths])).all();
const first = chinaMonth(new Date(NOW.getTime() - 364 * 86_400_000));
const last = chinaMonth(NOW);
const viaThread = (viewer: Viewer, listing: HandlerListing) => thread.call<RankedHandlers>('rankHandlers', [nodesOf(viewer), first, last, listing]);
const here = (viewer: Viewer, listing: HandlerListing) => rankHandlers(db as unknown as AppDb, nodesOf(viewer), first, last, listing);

test('the thread ranks the handlers of every scope exactly as the caller thread does', async () => {
  for (const username of ['admin', 'zhenshuji', 'shuji', 'fqshuji', 'wg01']) {
    for (const listing of [{ top: 30 }, { top: 3 }, { top: 5, full: 'party_member' as const }, { top: 2, wholeUpTo: 12 }]) {
      const [threaded, local] = await Promise.all([viaThread(actor(username), listing), here(actor(username), listing)]);
      assert.deepEqual(threaded, local, `${username}, ${JSON.stringify(listing)}`);
      if (username === 'admin') assert.ok(threaded.listed.length >= 3 && threaded.rows.length > 0, 'the whole tree has handlers to list');
    }
  }
});

test('a request handled since the last ranking counts in the thread’s next one', async () => {
  const wg01 = actor('wg01');
  const listing = { top: 30, full: 'grid_worker' as const };
  const receivedOf = (r: RankedHandlers) => r.rows.find((row) => Number(row[0]) === wg01.id)?.[1] ?? 0;
  const before = receivedOf(await viaThread(actor('shuji'), listing));

  const grid = db.select().from(orgNodes).where(eq(orgNodes.name, '龙盛华庭')).get()!;
  const building = db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).orderBy(asc(orgNodes.id)).get()!;
  const category = db.select({ id: categories.id }).from(categories).orderBy(asc(categories.id)).get()!.id;
  const made = createCaseSync(db, wg01, { description: '读线程统计：2号楼门口路灯不亮', source: 'patrol', nodeId: building.id, urgency: 'normal' }, [], NOW);
  assert.ok(made.ok);
  const version = () => db.select({ v: cases.version }).from(cases).where(eq(cases.number, made.number)).get()!.v;
  assert.ok(performActionSync(db, wg01, { number: made.number }, { action: 'accept', categoryId: category, urgency: 'normal', version: version() }, [], NOW).ok);
  assert.ok(performActionSync(db, wg01, { number: made.number }, { action: 'handle_self', version: version() }, [], NOW).ok);

  assert.equal(receivedOf(await viaThread(actor('shuji'), listing)), before + 1, 'wg01 received one more');
  assert.deepEqual(await viaThread(actor('shuji'), listing), await here(actor('shuji'), listing));
});

test('outside the production server (tests, scripts, other stores) the ranking is read on the caller thread', () => {
  assert.equal(statsReadThreadFor(db), null);
});

test('the production server’s statistics rank on the thread once it is ready, and equal those ranked here', async () => {
  const saved = { env: process.env.NODE_ENV, path: process.env.DATABASE_PATH };
  const appSide = openSqliteStore(file);
  Object.assign(process.env, { NODE_ENV: 'production', DATABASE_PATH: file });
  setAppStore(appSide);
  try {
    // Not for another store's reads, nor for a write's.
    assert.equal(statsReadThreadFor(db), null);
    await appSide.write(async (tx) => assert.equal(statsReadThreadFor(tx), null));
    // The first call starts the thread and ranks here meanwhile.
    let started: StatsReadThread | null = statsReadThreadFor(appSide.db);
    while (!(started = statsReadThreadFor(appSide.db))) await new Promise((resolve) => setTimeout(resolve, 20));
    let calls = 0;
    const call = started.call.bind(started);
    started.call = <T>(command: 'rankHandlers', args: unknown[]) => {
      calls++;
      return call<T>(command, args);
    };
    const period = resolvePeriod({ period: 'last_12_months' }, NOW);
    for (const username of ['admin', 'shuji']) {
      const span = { from: period.from, to: period.to };
      const threaded = await computeStats(appSide.db, actor(username), span, NOW, { top: 30 });
      process.env.STATS_THREAD = 'off';
      const local = await computeStats(appSide.db, actor(username), span, NOW, { top: 30 });
      delete process.env.STATS_THREAD;
      assert.deepEqual(threaded, local, username);
    }
    assert.equal(calls, 2, 'each ranking was read on the thread');
    // A ranking the thread fails is read here again: the page still shows it.
    started.call = () => Promise.reject(new Error('the thread failed'));
    const span = { from: period.from, to: period.to };
    const fallback = await computeStats(appSide.db, actor('admin'), span, NOW, { top: 30 });
    process.env.STATS_THREAD = 'off';
    assert.deepEqual(fallback, await computeStats(appSide.db, actor('admin'), span, NOW, { top: 30 }));
    delete process.env.STATS_THREAD;
    await started.close();
  } finally {
    delete process.env.STATS_THREAD;
    setAppStore(undefined);
    await appSide.close();
    const env = process.env as Record<string, string | undefined>;
    env.NODE_ENV = saved.env;
    if (saved.path === undefined) delete env.DATABASE_PATH;
    else env.DATABASE_PATH = saved.path;
  }
});
