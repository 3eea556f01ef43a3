import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { ENGINE } from '@/db/engine';
import { registerTestStore } from '@/db/store-testing';
import { jobLeases } from '@/db/tables';
import { claimJobRun } from './lease';

const storeFor = registerTestStore();
const MINUTES_5 = 5 * 60_000;
const t0 = new Date('2026-12-03T02:00:00.000Z');

test(`of 12 servers asking at once, exactly one runs the job; none again within the interval; one after it (${ENGINE})`, async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const ask = (at: Date) =>
    Promise.all(Array.from({ length: 12 }, (_, i) => claimJobRun(store, 'close-unrated', MINUTES_5, { now: at, holder: `server-${i}` })));

  const first = await ask(t0);
  assert.equal(first.filter(Boolean).length, 1, 'one winner the first time');
  const [row] = await store.db.select().from(jobLeases).where(eq(jobLeases.name, 'close-unrated'));
  assert.equal(row!.holder, `server-${first.indexOf(true)}`, 'the winner is recorded');
  assert.equal(row!.nextDueAt.getTime(), t0.getTime() + MINUTES_5);

  const within = await ask(new Date(t0.getTime() + MINUTES_5 - 1));
  assert.equal(within.filter(Boolean).length, 0, 'nobody within the interval');

  const after = await ask(new Date(t0.getTime() + MINUTES_5));
  assert.equal(after.filter(Boolean).length, 1, 'one winner once it is due again');
});

test(`jobs are claimed independently of each other (${ENGINE})`, async (t) => {
  const store = storeFor(t);
  if (!store) return;
  assert.equal(await claimJobRun(store, 'job-a', MINUTES_5, { now: t0 }), true);
  assert.equal(await claimJobRun(store, 'job-b', MINUTES_5, { now: t0 }), true);
  assert.equal(await claimJobRun(store, 'job-a', MINUTES_5, { now: t0 }), false);
});
