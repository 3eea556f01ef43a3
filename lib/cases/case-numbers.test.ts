// Tracking numbers from the per-day counter (case_number_days): sequential, unique, per China day,
// continuing from numbers written without the counter, and unique across two connections at once.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { accounts, caseNumberDays, cases, orgNodes } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from './actor';
import { createCaseSync, hashToken } from './commands';

const { db, close } = openTestDatabase({ demo: true });
after(close);

const actorOf = (username: string) => actorFromUser(loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!);
const wg01 = actorOf('wg01');
const grid = db.select().from(orgNodes).where(eq(orgNodes.name, '龙盛华庭')).get()!;
const building = db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).orderBy(asc(orgNodes.id)).get()!;

function log(at: Date): string {
  const result = createCaseSync(db, wg01, { description: '楼道灯不亮，已有三天。', source: 'patrol', nodeId: building.id, urgency: 'normal' }, [], at);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.number;
}

/** A case written straight into the table, as the demo seeding and imports do, without the counter. */
function insertDirectly(number: string, at: Date) {
  db.insert(cases)
    .values({
      number,
      publicTokenHash: hashToken(number),
      description: '直接写入的历史诉求',
      source: 'patrol',
      nodeId: building.id,
      nodePath: building.path,
      gridId: grid.id,
      status: 'submitted',
      acceptDueAt: at,
      createdAt: at,
      updatedAt: at,
    })
    .run();
}

/** 10:00 China time on a day of 2031, far from the demo's dates. */
const chinaMorning = (day: string) => new Date(`${day}T02:00:00Z`);

describe('tracking numbers', () => {
  test('run 0001, 0002, … without gaps or repeats over many requests of one day', () => {
    const start = chinaMorning('2031-03-01').getTime();
    const numbers = Array.from({ length: 600 }, (_, i) => log(new Date(start + i * 1000)));
    assert.deepEqual(numbers, Array.from({ length: 600 }, (_, i) => `YH20310301-${String(i + 1).padStart(4, '0')}`));
  });

  test('start again at 0001 each China day, and a day returned to continues where it stopped', () => {
    assert.equal(log(chinaMorning('2031-03-02')), 'YH20310302-0001');
    assert.equal(log(new Date('2031-03-02T15:59:59Z')), 'YH20310302-0002', '23:59:59 in China is still the same day');
    assert.equal(log(new Date('2031-03-02T16:00:00Z')), 'YH20310303-0001', 'midnight in China starts a new day');
    // A request stamped with an earlier day (a queued offline intake) takes that day's next number.
    assert.equal(log(chinaMorning('2031-03-01')), 'YH20310301-0601');
  });

  test("a day's first request continues after numbers stored without the counter, past 9,999 too", () => {
    insertDirectly('YH20310310-0041', chinaMorning('2031-03-10'));
    assert.equal(log(chinaMorning('2031-03-10')), 'YH20310310-0042');

    insertDirectly('YH20310311-9999', chinaMorning('2031-03-11'));
    insertDirectly('YH20310311-10000', chinaMorning('2031-03-11'));
    assert.equal(log(chinaMorning('2031-03-11')), 'YH20310311-10001', '"-10000" counts as later than "-9999"');
    assert.equal(log(chinaMorning('2031-03-11')), 'YH20310311-10002');
  });

  test('a number taken behind the counter is skipped, never refused by the unique index', () => {
    assert.equal(log(chinaMorning('2031-03-12')), 'YH20310312-0001');
    insertDirectly('YH20310312-0002', chinaMorning('2031-03-12'));
    insertDirectly('YH20310312-0003', chinaMorning('2031-03-12'));
    assert.equal(log(chinaMorning('2031-03-12')), 'YH20310312-0004');
    assert.equal(db.select().from(caseNumberDays).where(eq(caseNumberDays.day, '20310312')).get()?.lastSeq, 4);
  });

  test('a refused request uses up no number', () => {
    const day = chinaMorning('2031-03-13');
    assert.equal(log(day), 'YH20310313-0001');
    const refused = createCaseSync(db, wg01, { description: '不在负责范围', source: 'patrol', nodeId: 999_999, urgency: 'normal' }, [], day);
    assert.equal(refused.ok, false);
    assert.equal(log(day), 'YH20310313-0002');
  });

  test('two connections logging at the same time hand out every number exactly once', async () => {
    const file = db.get<{ file: string }>(sql`pragma database_list`).file;
    const at = chinaMorning('2031-03-20').getTime();
    const per = 150;
    // A start line: each worker waits until both have loaded, so their writes overlap.
    const ready = new Int32Array(new SharedArrayBuffer(4));
    const run = (username: string) =>
      new Promise<string[]>((resolve, reject) => {
        // A worker does not inherit tsx's loader: its entry registers tsx's require hook, then loads the TypeScript.
        const entry = `require('tsx/cjs'); require(${JSON.stringify(path.join(__dirname, 'case-numbers.worker.ts'))});`;
        const worker = new Worker(entry, { eval: true, workerData: { file, username, nodeId: building.id, count: per, at, ready, writers: 2 } });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    const [a, b] = await Promise.all([run('wg01'), run('wg01')]);
    const all = [...a!, ...b!];
    assert.equal(new Set(all).size, 2 * per, 'no number twice');
    assert.deepEqual(
      [...all].sort(),
      Array.from({ length: 2 * per }, (_, i) => `YH20310320-${String(i + 1).padStart(4, '0')}`),
      'the two writers together used 0001 … 0300 without a gap',
    );
    for (const numbers of [a!, b!]) assert.deepEqual(numbers, [...numbers].sort(), "each writer's numbers rise in the order it logged");
    // What they wrote is what the database holds.
    const { db: other, sqlite } = openDatabase(file);
    try {
      assert.equal(await other.$count(cases, like(cases.number, 'YH20310320-%')), 2 * per);
    } finally {
      sqlite.close();
    }
  });
});
