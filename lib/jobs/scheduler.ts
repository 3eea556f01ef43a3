// Background jobs of the server; idempotent, and run by one process of a cluster only (runsJobs in lib/http/cluster.ts).
import { getDb } from '@/db/client';
import { appStore } from '@/db/store';
import { closeUnratedCases } from '@/lib/cases/commands';
import { purgeExpiredPersonalData } from '@/lib/pipl/retention';
import { log } from '@/lib/log';

const EVERY_MS = 5 * 60 * 1000;

export function startJobs(): void {
  const run = async () => {
    try {
      const closed = closeUnratedCases(getDb());
      if (closed > 0) log.info(`jobs: closed ${closed} unrated case(s)`, { closed });
    } catch (error) {
      log.error('jobs: closing unrated cases failed', error);
    }
    try {
      const purged = await purgeExpiredPersonalData(appStore());
      if (purged > 0) log.info(`jobs: purged the personal data of ${purged} case(s) past the retention period`, { purged });
    } catch (error) {
      log.error('jobs: purging expired personal data failed', error);
    }
  };
  setTimeout(() => void run(), 10_000).unref();
  setInterval(() => void run(), EVERY_MS).unref();
}
