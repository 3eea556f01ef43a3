// Several server processes on one port (WEB_CONCURRENCY): node:cluster workers, kept alive by a primary that serves nothing.
//
// Why it is safe: nothing a request needs lives in one process's memory. Sessions are next-auth JWTs checked
// against the sec_sessions table, rate limits are rows of rate_limit_hits, idempotency keys are columns of cases,
// notifications are rows; every process opens its own SQLite connection (db/client.ts) in WAL mode with a
// busy_timeout, and every write transaction is BEGIN IMMEDIATE, so writers of different processes wait their turn
// for SQLite's file lock instead of failing. Group commit (the SQLite store, db/store.ts) groups the writes of one process;
// two processes' groups simply commit one after the other. The background jobs (lib/jobs/scheduler.ts) run in the
// worker of slot 0 only; its replacement after a crash takes them over.
import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import { z } from 'zod';
import { log } from '../log';

/** The environment variable that turns the background jobs off (instrumentation.ts reads it). */
export const JOBS_ENV = 'YINGHUO_JOBS';
/** Which slot a worker fills, 0 … n-1; a restarted worker takes the slot of the one it replaces. */
export const SLOT_ENV = 'YINGHUO_WORKER_SLOT';

const MUST_BE = 'WEB_CONCURRENCY must be a whole number of processes from 1 to 64, or "auto" (one per core)';
const processCountSchema = z.coerce.number({ error: MUST_BE }).int(MUST_BE).min(1, MUST_BE).max(64, MUST_BE);

/** WEB_CONCURRENCY: how many server processes to run; unset or empty is one, "auto" one per core. */
export function processCount(value: string | undefined, cores: number = os.availableParallelism()): number {
  const spec = value?.trim() ?? '';
  if (spec === '') return 1;
  if (spec === 'auto') return Math.max(1, cores);
  const parsed = processCountSchema.safeParse(spec);
  if (!parsed.success) throw new Error(`${MUST_BE}, not "${spec}"`);
  return parsed.data;
}

/** Whether this process runs the background jobs: not when turned off, and in a cluster only in slot 0. */
export function runsJobs(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  if (env[JOBS_ENV] === 'off') return false;
  const slot = env[SLOT_ENV];
  return slot === undefined || slot === '0';
}

export type Started = { close: () => void };

export type ClusterOptions = {
  processes: number;
  /** Starts this process's server and resolves once it listens. */
  start: () => Promise<Started>;
  /** How long a stopping worker may take before it is killed. */
  stopTimeoutMs?: number;
  /** A worker that dies sooner than this after its start is restarted with a growing delay (a crash loop). */
  stableAfterMs?: number;
  /** The longest delay between restarts of a crashing worker. */
  maxRestartDelayMs?: number;
};

/**
 * Runs the server: in this process when `processes` is 1 (exactly as without a cluster), otherwise as the primary of
 * `processes` workers that share the listening port. Call it from the main script; the workers run the same script
 * and land in the worker branch.
 */
export function runServer(opts: ClusterOptions): void {
  if (opts.processes > 1 && cluster.isPrimary) superviseWorkers(opts);
  else startHere(opts.start);
}

function startHere(start: () => Promise<Started>): void {
  start().then(
    (server) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { server.close(); process.exit(0); });
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

type Slot = { worker: Worker | null; startedAt: number; listened: boolean; failures: number; timer?: NodeJS.Timeout };

function superviseWorkers(opts: ClusterOptions): void {
  const stopTimeoutMs = opts.stopTimeoutMs ?? 10_000;
  const stableAfterMs = opts.stableAfterMs ?? 10_000;
  const maxRestartDelayMs = opts.maxRestartDelayMs ?? 30_000;
  const slots: Slot[] = Array.from({ length: opts.processes }, () => ({ worker: null, startedAt: 0, listened: false, failures: 0 }));
  let allStarted = false;
  let stopping: Promise<void> | null = null;

  const fork = (index: number) => {
    const slot = slots[index]!;
    slot.timer = undefined;
    // The worker inherits this environment (an operator's YINGHUO_JOBS=off too); its slot decides runsJobs().
    const worker = cluster.fork({ [SLOT_ENV]: String(index) });
    slot.worker = worker;
    slot.startedAt = Date.now();
    slot.listened = false;
    worker.once('listening', () => {
      slot.listened = true;
      if (!allStarted && slots.every((s) => s.listened)) {
        allStarted = true;
        log.info(`cluster: ${slots.length} server processes listening`, { primary: process.pid, workers: slots.map((s) => s.worker?.process.pid) });
      }
    });
    worker.once('exit', (code, signal) => {
      if (slot.worker === worker) slot.worker = null;
      if (stopping) return;
      if (!allStarted && !slot.listened) {
        // A worker that cannot even start (no build, port taken, bad configuration) will not start on a retry either.
        log.error('cluster: a server process failed to start; stopping', undefined, { slot: index, pid: worker.process.pid, code, signal });
        void stop(1);
        return;
      }
      const lived = Date.now() - slot.startedAt;
      slot.failures = lived >= stableAfterMs ? 0 : slot.failures + 1;
      const delay = slot.failures === 0 ? 0 : Math.min(maxRestartDelayMs, 500 * 2 ** (slot.failures - 1));
      log.error('cluster: a server process exited; starting another', undefined, { slot: index, pid: worker.process.pid, code, signal, livedMs: lived, restartInMs: delay });
      slot.timer = setTimeout(() => fork(index), delay);
    });
  };

  const stop = (exitCode: number): Promise<void> => {
    stopping ??= (async () => {
      for (const slot of slots) clearTimeout(slot.timer);
      const live = slots.map((s) => s.worker).filter((w): w is Worker => w !== null && !w.isDead());
      await Promise.all(
        live.map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.isDead()) return resolve();
              const killer = setTimeout(() => worker.process.kill('SIGKILL'), stopTimeoutMs);
              worker.once('exit', () => {
                clearTimeout(killer);
                resolve();
              });
              worker.process.kill('SIGTERM');
            }),
        ),
      );
      process.exit(exitCode);
    })();
    return stopping;
  };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(0));
  for (let i = 0; i < slots.length; i++) fork(i);
}
