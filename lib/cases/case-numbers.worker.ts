// Test support for case-numbers.test.ts: a second process-like writer, logging requests on its own connection.
import { parentPort, workerData } from 'node:worker_threads';
import { eq } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { accounts } from '@/db/schema';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from './actor';
import { createCaseSync } from './commands';

const { file, username, nodeId, count, at, ready, writers } = workerData as {
  file: string;
  username: string;
  nodeId: number;
  count: number;
  at: number;
  ready: Int32Array;
  writers: number;
};
const { db, sqlite } = openDatabase(file);
const account = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!;
const actor = actorFromUser(loadUserSync(db, account.id)!);
// Wait at the start line until every writer is ready, so the writes overlap.
Atomics.add(ready, 0, 1);
Atomics.notify(ready, 0);
for (let seen = Atomics.load(ready, 0); seen < writers; seen = Atomics.load(ready, 0)) Atomics.wait(ready, 0, seen, 1_000);
const numbers: string[] = [];
for (let i = 0; i < count; i++) {
  const result = createCaseSync(db, actor, { description: `两个连接同时登记（${username} 第 ${i + 1} 件）`, source: 'patrol', nodeId, urgency: 'normal' }, [], new Date(at + i));
  if (!result.ok) throw new Error(result.message);
  numbers.push(result.number);
}
sqlite.close();
parentPort!.postMessage(numbers);
