// Background jobs of the server process; idempotent, so running in several processes is harmless.
import { getDb } from '@/db/client';
import { closeUnratedCases } from '@/lib/cases/commands';
import { purgeExpiredPersonalData } from '@/lib/pipl/retention';

const EVERY_MS = 5 * 60 * 1000;

export function startJobs(): void {
  const run = async () => {
    try {
      const closed = closeUnratedCases(getDb());
      if (closed > 0) console.info(`[jobs] closed ${closed} unrated case(s)`);
    } catch (error) {
      console.error('[jobs] closing unrated cases failed', error);
    }
    try {
      const purged = await purgeExpiredPersonalData(getDb());
      if (purged > 0) console.info(`[jobs] purged the personal data of ${purged} case(s) past the retention period`);
    } catch (error) {
      console.error('[jobs] purging expired personal data failed', error);
    }
  };
  setTimeout(() => void run(), 10_000).unref();
  setInterval(() => void run(), EVERY_MS).unref();
}
