// The command thread (lib/cases/command-thread.ts): createCase, performAction and the API's list run in a worker thread
// with a store of its own on the same SQLite file, and answer as they do on the caller's thread. SQLite only (the thread exists
// only there).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, asc, count, eq, like } from 'drizzle-orm';
import { accounts, caseEvents, cases, orgNodes } from '@/db/schema';
import { groupCommitStats, openSqliteStore, setAppStore, type Store } from '@/db/store';
import { openTestDatabase } from '@/db/testing';
import { processWriteLock, writeLock } from '@/db/write-lock';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from './actor';
import { commandThreadFor, startCommandThread, type CommandThread } from './command-thread';
import { createCase, type ActionResult, type CreateCaseResult } from './commands';
import { listCases, type CaseListPage } from './queries';
import { caseListQuerySchema } from './schemas';

const { db, sqlite, file, close } = openTestDatabase({ demo: true });
const lock = writeLock();
// The caller's side: a store on the same file, writing in turns with the thread through the same lock.
const store: Store = openSqliteStore(file, { writer: sqlite, writeLock: lock });
let thread: CommandThread;

before(async () => {
  thread = await startCommandThread(file, lock.buffer);
});
after(async () => {
  await thread.close();
  await store.close();
  close();
});

const actor = (username: string) => actorFromUser(loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!);
const firstBuildingOf = (name: string) => {
  const grid = db.select().from(orgNodes).where(eq(orgNodes.name, name)).get()!;
  return db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).orderBy(asc(orgNodes.id)).get()!;
};
const wg01 = actor('wg01'); // grid 龙盛华庭
const own = firstBuildingOf('龙盛华庭');
const foreign = firstBuildingOf('龙湖花园');
const at = (minute: number) => new Date(Date.UTC(2027, 5, 1, 2, minute));
const input = (description: string, nodeId = own.id) => ({ description, source: 'patrol' as const, nodeId, urgency: 'normal' as const });

const caseRow = (number: string) => db.select().from(cases).where(eq(cases.number, number)).get();

test('a case logged through the thread is saved, with its event, and seen by the caller at once', async () => {
  const result = await thread.call<CreateCaseResult>('createCase', [wg01, input('线程中登记：3号楼楼道灯不亮'), [], at(1)]);
  assert.equal(result.ok, true);
  if (!result.ok) return;
  const row = caseRow(result.number);
  assert.equal(row?.description, '线程中登记：3号楼楼道灯不亮');
  assert.equal(row?.status, 'submitted');
  assert.equal(row?.createdAt.getTime(), at(1).getTime(), 'the time the caller gave');
  const events = db.select().from(caseEvents).where(eq(caseEvents.caseId, row!.id)).all();
  assert.deepEqual(
    events.map((e) => e.action),
    ['submit'],
  );
});

test('a refusal comes back as the command gave it, and saves nothing', async () => {
  const before = db.select({ n: count() }).from(cases).get()!.n;
  const result = await thread.call<CreateCaseResult>('createCase', [wg01, input('别的网格的楼', foreign.id), [], at(2)]);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.code, 'invalid_input', result.message);
  assert.equal(db.select({ n: count() }).from(cases).get()!.n, before);
});

test('an action through the thread checks the version and moves the case on', async () => {
  const created = await thread.call<CreateCaseResult>('createCase', [wg01, input('线程中受理：垃圾桶满溢'), [], at(3)]);
  assert.ok(created.ok);
  if (!created.ok) return;
  const ref = { number: created.number };
  const stale = await thread.call<ActionResult>('performAction', [wg01, ref, { action: 'accept', categoryId: 1, urgency: 'normal', version: created.version + 5 }, [], at(4)]);
  assert.equal(stale.ok, false);
  if (!stale.ok) assert.equal(stale.code, 'conflict');
  const row = caseRow(created.number)!;
  const categoryId = db.select().from(cases).where(eq(cases.status, 'accepted')).get()?.categoryId ?? 1;
  const accepted = await thread.call<ActionResult>('performAction', [wg01, ref, { action: 'accept', categoryId, urgency: 'normal', version: row.version }, [], at(5)]);
  assert.equal(accepted.ok, true, JSON.stringify(accepted));
  assert.equal(caseRow(created.number)?.status, 'accepted');
  assert.equal(caseRow(created.number)?.version, row.version + 1);
});

test('the caller and the thread write side by side: every write lands, numbers stay unique', async () => {
  const before = db.select({ n: count() }).from(cases).get()!.n;
  const results = await Promise.all(
    Array.from({ length: 24 }, (_, i) =>
      i % 2 === 0
        ? thread.call<CreateCaseResult>('createCase', [wg01, input(`并发登记（线程）${i}`), [], at(10)])
        : createCase(store, wg01, input(`并发登记（本线程）${i}`), [], at(10)),
    ),
  );
  assert.ok(results.every((r) => r.ok), JSON.stringify(results.filter((r) => !r.ok)));
  const numbers = results.map((r) => (r.ok ? r.number : ''));
  assert.equal(new Set(numbers).size, 24);
  assert.equal(db.select({ n: count() }).from(cases).get()!.n, before + 24);
});

test('an error thrown in the thread fails the call with its message', async () => {
  await assert.rejects(thread.call('createCase', []), (error: Error) => error.message.length > 0 && error.name === 'TypeError');
});

test('outside the production server (tests, scripts, other stores) the commands run on the caller thread', () => {
  assert.equal(commandThreadFor(store), null);
});

test('a command that throws at once fails alone; the others sent with it are answered', async () => {
  const results = await Promise.allSettled([
    thread.call<CreateCaseResult>('createCase', [wg01, input('同批登记：前'), [], at(20)]),
    thread.call('performAction', []),
    thread.call<CreateCaseResult>('createCase', [wg01, input('同批登记：后'), [], at(20)]),
  ]);
  assert.equal(results[0].status, 'fulfilled');
  assert.equal(results[1].status, 'rejected');
  assert.equal(results[2].status, 'fulfilled');
  for (const r of [results[0], results[2]]) if (r.status === 'fulfilled') assert.ok(r.value.ok && caseRow(r.value.number));
});

test('the production server runs the commands of its store on the thread, once the thread is ready', async () => {
  const saved = { env: process.env.NODE_ENV, path: process.env.DATABASE_PATH };
  const appSide = openSqliteStore(file, { writeLock: processWriteLock() });
  Object.assign(process.env, { NODE_ENV: 'production', DATABASE_PATH: file });
  setAppStore(appSide);
  try {
    // The first call starts the thread and runs here meanwhile.
    assert.equal(commandThreadFor(appSide), null);
    let started: CommandThread | null = null;
    while (!(started = commandThreadFor(appSide))) await new Promise((resolve) => setTimeout(resolve, 20));
    // Inside a write of the store a command stays in it (it must commit or roll back with it).
    await appSide.write(async () => assert.equal(commandThreadFor(appSide), null));
    const commitsBefore = groupCommitStats(appSide).commits;
    const result = await createCase(appSide, wg01, input('经命令线程登记：单元门禁坏了'), [], at(30));
    assert.ok(result.ok && caseRow(result.number), 'saved');
    assert.equal(groupCommitStats(appSide).commits, commitsBefore, 'not committed by the caller thread’s store');
    await started.close();
  } finally {
    setAppStore(undefined);
    const env = process.env as Record<string, string | undefined>;
    for (const [name, value] of [['NODE_ENV', saved.env], ['DATABASE_PATH', saved.path]] as const) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    await appSide.close();
  }
});

test('a page of the list read on the thread is the page read here, cursor and all', async () => {
  const first = caseListQuerySchema.parse({ pageSize: '5' });
  const here = await listCases(store.db, wg01, first, at(40));
  const there = await thread.call<CaseListPage>('listCases', [wg01, first, at(40)]);
  assert.equal(here.items.length, 5);
  assert.deepEqual(there, here);
  const second = { ...first, cursor: here.next! };
  assert.deepEqual(await thread.call<CaseListPage>('listCases', [wg01, second, at(40)]), await listCases(store.db, wg01, second, at(40)));
});
