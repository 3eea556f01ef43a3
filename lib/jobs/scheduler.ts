// Background jobs of the server; idempotent. In one server they run in one process of its cluster only (runsJobs in
// lib/http/cluster.ts); across servers each run is claimed first (lib/jobs/lease.ts), so exactly one server runs
// each job per interval however many servers share the database.
import { appStore } from '@/db/store';
import { closeUnratedCases } from '@/lib/cases/commands';
import { photoStore } from '@/lib/cases/photos';
import { purgeAllExpiredPersonalData } from '@/lib/pipl/retention';
import { optimizeSearchIndex } from '@/lib/desk/search-index';
import { creditResolvedClaims } from '@/lib/points/claims';
import { closeStatsMonths } from '@/lib/stats/periods';
import { sweepStagedUploads } from '@/lib/registry/import/uploads';
import { log } from '@/lib/log';
import { claimJobRun } from './lease';

const EVERY_MS = 5 * 60 * 1000;
const HOUR_MS = 3_600_000;

/**
 * A job runs at most once per `everyMs` (default: every round, EVERY_MS), and only while `due(now)` holds when it
 * has one (a night's job: in the night's window).
 */
type Job = { name: string; run: () => Promise<void>; everyMs?: number; due?: (now: Date) => boolean };

/** Between 02:00 and 05:00 China time (UTC+8), when the offices are closed and few residents write. */
export function atNight(now: Date): boolean {
  const hour = (now.getUTCHours() + 8) % 24;
  return hour >= 2 && hour < 5;
}

const JOBS: Job[] = [
  {
    name: 'close-unrated-cases',
    run: async () => {
      const closed = await closeUnratedCases(appStore());
      if (closed > 0) log.info(`jobs: closed ${closed} unrated case(s)`, { closed });
    },
  },
  {
    name: 'purge-expired-personal-data',
    run: async () => {
      const purged = await purgeAllExpiredPersonalData(appStore());
      if (purged.cases > 0) log.info(`jobs: purged the personal data of ${purged.cases} case(s) past the retention period`, { purged: purged.cases });
      if (purged.signups > 0) log.info(`jobs: purged the names and phones of ${purged.signups} activity sign-up(s) past the retention period`, { signups: purged.signups });
    },
  },
  {
    // The import's uploads that were previewed and never confirmed (or imported and not yet removed), from the shared
    // store: whichever server staged them, one server removes them.
    name: 'sweep-staged-imports',
    run: async () => {
      const removed = await sweepStagedUploads(appStore(), photoStore());
      if (removed > 0) log.info(`jobs: removed ${removed} expired import upload(s)`, { removed });
    },
  },
  {
    // Volunteer points for party members' resolved claims, when the points rules give them (lib/points/claims.ts).
    name: 'credit-claim-points',
    run: async () => {
      const credited = await creditResolvedClaims(appStore());
      if (credited > 0) log.info(`jobs: credited points for ${credited} resolved claim(s)`, { credited });
    },
  },
  {
    // The statistics' year and quarter rollups take in the months that have ended (lib/stats/periods.ts); until then
    // the readers take those months from the month tables, so a late run costs reads, never a wrong figure.
    name: 'close-stats-months',
    run: async () => {
      const closed = await closeStatsMonths(appStore());
      if (closed) log.info(`jobs: the statistics' year and quarter rollups now hold the months before ${closed.reopened ? closed.from : closed.to}`, closed);
    },
  },
  {
    // The cases' full-text index merged into one segment once a night (lib/desk/search-index.ts): the day's creates
    // then merge only among their own segments. Every other write waits while it runs (~2 s on a county).
    name: 'optimize-search-index',
    everyMs: 20 * HOUR_MS,
    due: atNight,
    run: async () => {
      const started = performance.now();
      const merge = await optimizeSearchIndex(appStore());
      if (merge?.merged) log.info(`jobs: merged the search index's ${merge.segments} segments into one`, { ...merge, ms: Math.round(performance.now() - started) });
    },
  },
];

/** Runs every job that is due and that no other server has claimed for this interval. */
export async function runDueJobs(now = new Date()): Promise<void> {
  for (const job of JOBS) {
    try {
      if (job.due && !job.due(now)) continue;
      // A little under the job's interval, so a timer that fires a few ms early does not skip a whole round.
      if (!(await claimJobRun(appStore(), job.name, (job.everyMs ?? EVERY_MS) - 30_000, { now }))) continue;
      await job.run();
    } catch (error) {
      log.error(`jobs: ${job.name} failed`, error);
    }
  }
}

export function startJobs(): void {
  setTimeout(() => void runDueJobs(), 10_000).unref();
  setInterval(() => void runDueJobs(), EVERY_MS).unref();
}
