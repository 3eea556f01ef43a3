// Exactly once across servers (issue 12): every server process that runs jobs (slot 0 of each server's cluster,
// lib/http/cluster.ts) asks before each run, and of all that ask in one interval exactly one is told yes.
//
// The claim is one conditional UPDATE that moves the job's next due time forward: on SQLite one writer at a time,
// on PostgreSQL the second of two concurrent UPDATEs of the row waits for the first and then re-reads the row,
// finds it no longer due and changes nothing. A server that dies while running a job leaves it to the next
// interval, where another server claims it: the jobs are idempotent, so a run cut short is finished by the next.
import os from 'node:os';
import { and, eq, lte } from 'drizzle-orm';
import type { Store } from '@/db/store';
import { jobLeases } from '@/db/tables';

/** This process, as the operator reads it in job_leases.holder. */
export const THIS_HOLDER = `${os.hostname()}:${process.pid}`;

/**
 * True when the caller should run job `name` now: it was due (or never run) and this call moved its next due time
 * to `now + everyMs`. False when another server (or an earlier call) has run it within the interval.
 */
export async function claimJobRun(store: Store, name: string, everyMs: number, { now = new Date(), holder = THIS_HOLDER } = {}): Promise<boolean> {
  return store.write(async (tx) => {
    await tx.insert(jobLeases).values({ name, nextDueAt: new Date(0) }).onConflictDoNothing();
    const claimed = await tx
      .update(jobLeases)
      .set({ nextDueAt: new Date(now.getTime() + everyMs), holder, claimedAt: now })
      .where(and(eq(jobLeases.name, name), lte(jobLeases.nextDueAt, now)))
      .returning({ name: jobLeases.name });
    return claimed.length === 1;
  });
}
