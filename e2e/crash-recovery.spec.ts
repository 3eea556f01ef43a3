// Story: the server is killed (power cut, OOM killer) in the middle of a burst of API submissions; after a restart the
// other system retries whatever it got no answer for, and no request is lost or logged twice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { copyDemoDatabase, exited, freePort, startOwnServer, type OwnServer } from './support/own-server';

const REQUESTS = 200;
/** Acknowledgements to wait for before the kill: well into the burst, well before its end. */
const KILL_AFTER = 40;

type Outcome = { status: number; number: string } | { error: string };

let dir: string;
let server: OwnServer | null = null;

test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-crash-'));
});
test.afterAll(async () => {
  if (server) {
    server.child.kill('SIGKILL');
    await exited(server.child);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('after a kill -9 mid-burst and a restart, retries with the same key log every request exactly once', async () => {
  test.setTimeout(240_000);
  const databasePath = path.join(dir, 'yinghuo.db');
  const uploadsDir = path.join(dir, 'uploads');
  const { token, gridId } = await copyDemoDatabase(databasePath);
  const port = await freePort();
  server = await startOwnServer({ port, databasePath, uploadsDir });
  const first = server;

  const run = Date.now().toString(36);
  const keyOf = (i: number) => `crash-${run}-${String(i).padStart(6, '0')}`;
  const create = (i: number) =>
    fetch(`http://127.0.0.1:${port}/api/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': keyOf(i) },
      body: JSON.stringify({ description: `12345转办：楼道灯不亮（崩溃恢复测试 第${i + 1}件）`, source: 'hotline_12345', nodeId: gridId, urgency: 'normal' }),
      signal: AbortSignal.timeout(60_000),
    });

  // The burst: 200 requests at once; the server is killed the moment the 40th answer arrives.
  let acknowledgedSoFar = 0;
  const killed = exited(first.child);
  const burst: Outcome[] = await Promise.all(
    Array.from({ length: REQUESTS }, async (_, i): Promise<Outcome> => {
      try {
        const res = await create(i);
        const body = (await res.json()) as { number?: string };
        if (res.status === 201 && body.number) {
          acknowledgedSoFar += 1;
          if (acknowledgedSoFar === KILL_AFTER) first.child.kill('SIGKILL');
        }
        return { status: res.status, number: body.number ?? '' };
      } catch (error) {
        return { error: String(error) };
      }
    }),
  );
  await killed;
  expect(first.child.signalCode).toBe('SIGKILL');

  const acknowledged = new Map<number, string>();
  burst.forEach((o, i) => {
    if ('status' in o && o.status === 201) acknowledged.set(i, o.number);
  });
  const unanswered = burst.map((_, i) => i).filter((i) => !acknowledged.has(i));
  // Answers other than 201 or a broken connection would be a bug of their own.
  expect(burst.filter((o) => 'status' in o && o.status !== 201)).toEqual([]);
  expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(unanswered.length, 'the kill landed before the burst was over').toBeGreaterThan(0);

  // Restart on the same files (the WAL as the kill left it), then retry what got no answer.
  server = await startOwnServer({ port, databasePath, uploadsDir });
  const retried = new Map<number, { status: number; number: string }>();
  for (const i of unanswered) {
    const res = await create(i);
    const body = (await res.json()) as { number: string };
    // 201: the first attempt never committed; 200: it committed but its answer was lost.
    expect([200, 201], `retry of request ${i}`).toContain(res.status);
    retried.set(i, { status: res.status, number: body.number });
  }
  // Retrying an acknowledged request, too, creates nothing: the same case comes back.
  for (const [i, number] of acknowledged) {
    const res = await create(i);
    expect(res.status, `repeat of acknowledged request ${i}`).toBe(200);
    expect(((await res.json()) as { number: string }).number).toBe(number);
  }
  const again = await create(unanswered[0]!);
  expect(again.status).toBe(200);
  expect(((await again.json()) as { number: string }).number).toBe(retried.get(unanswered[0]!)!.number);

  // Every acknowledged case is there once, under the number it was acknowledged with, with its first event.
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('select client_key as key, number from cases where client_key like ?').all(`crash-${run}-%`) as { key: string; number: string }[];
    const byKey = new Map(rows.map((r) => [r.key, r.number]));
    expect(rows).toHaveLength(REQUESTS);
    expect(new Set(rows.map((r) => r.number)).size).toBe(REQUESTS);
    for (const [i, number] of acknowledged) expect(byKey.get(keyOf(i)), `acknowledged request ${i}`).toBe(number);
    for (const [i, { number }] of retried) expect(byKey.get(keyOf(i)), `retried request ${i}`).toBe(number);
    const withoutFirstEvent = db
      .prepare("select count(*) from cases c where not exists (select 1 from case_events e where e.case_id = c.id and e.action = 'submit' and e.from_status is null)")
      .pluck()
      .get();
    expect(withoutFirstEvent, 'cases without their first event').toBe(0);
    const orphanEvents = db.prepare('select count(*) from case_events e where not exists (select 1 from cases c where c.id = e.case_id)').pluck().get();
    expect(orphanEvents, 'events without their case').toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const summary = `${acknowledged.size} acknowledged before the kill, ${unanswered.length} unanswered: ${[...retried.values()].filter((r) => r.status === 200).length} had committed (200 on retry), ${[...retried.values()].filter((r) => r.status === 201).length} had not (201)`;
    test.info().annotations.push({ type: 'crash', description: summary });
    console.log(`crash-recovery: ${summary}`);
  } finally {
    db.close();
  }
});
