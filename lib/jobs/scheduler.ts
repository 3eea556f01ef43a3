// Background jobs of the server process; idempotent, so running in several processes is harmless.
import { getDb } from '@/db/client';
import { closeUnratedCases } from '@/lib/cases/commands';
import { log } from '@/lib/log';

const EVERY_MS = 5 * 60 * 1000;

export function startJobs(): void {
  const run = () => {
    try {
      const closed = closeUnratedCases(getDb());
      if (closed > 0) log.info(`jobs: closed ${closed} unrated case(s)`, { closed });
    } catch (error) {
      log.error('jobs: closing unrated cases failed', error);
    }
  };
  setTimeout(run, 10_000).unref();
  setInterval(run, EVERY_MS).unref();
}
