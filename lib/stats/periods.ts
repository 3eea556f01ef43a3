// The year and quarter rollups of the statistics aggregates hold the closed months only (migrations 0036 and
// PostgreSQL 0019): the months before stats_period_boundary's. A lifecycle command changes the month rows of its
// case's month, nearly always the current one, so it no longer upserts a year and a quarter row beside each of them;
// the readers (lib/stats/aggregates.ts, wholeMonths) take a year's or quarter's months from the boundary on from the
// month tables. `closeStatsMonths` moves the boundary to the current China month as months end (the scheduler's
// close-stats-months job): in one transaction it adds the months it closes into their years and quarters and moves
// the boundary, so the rollups stay the sums of the month rows before it at every commit.
import { sql, type SQL } from 'drizzle-orm';
import { rawRows, rawRun } from '@/db/dialect';
import type { Engine } from '@/db/engine';
import type { AppDb, Store } from '@/db/store';
import { chinaMonth } from './period';

/**
 * The advisory lock closing months takes exclusively on PostgreSQL; every change of a month row takes it shared
 * (stats_closed_before in db/pg/migrations/0019), so no write of a month it closes is in flight while it reads them.
 * On SQLite one write runs at a time anyway.
 */
export const STATS_PERIODS_LOCK = 7036001;

/** The count columns of stats_grid_months and stats_grid_periods (the readers' order, lib/stats/aggregates.ts). */
export const GRID_COUNT_COLUMNS = ['received', 'rejected', 'duplicate', 'responded', 'resolved', 'satisfied', 'basically', 'unsatisfied'] as const;

/** Each month table, its rollup, the rollup's key besides the period, and the counts summed. The code's own names. */
const ROLLUPS: readonly { months: string; rollup: string; keys: readonly string[]; counts: readonly string[] }[] = [
  { months: 'stats_grid_months', rollup: 'stats_grid_periods', keys: ['grid_id', 'worker_id'], counts: GRID_COUNT_COLUMNS },
  { months: 'stats_grid_claims', rollup: 'stats_grid_claim_periods', keys: ['grid_id', 'account_id'], counts: ['claims', 'done'] },
  { months: 'stats_node_hours', rollup: 'stats_node_hour_periods', keys: ['node_id', 'kind', 'bucket'], counts: ['n'] },
];

/** A month's year ('YYYY') and quarter ('YYYY-Qn'), as the triggers name the periods. */
const PERIODS_OF_MONTH: readonly SQL[] = [sql`substr(month, 1, 4)`, sql`substr(month, 1, 4) || '-Q' || ((cast(substr(month, 6, 2) as integer) + 2) / 3)`];

const names = (list: readonly string[]) => sql.join(list.map((n) => sql.identifier(n)), sql`, `);

/** Adds `sign` × the month rows of [from, to) into their years and quarters. */
async function addMonths(tx: AppDb, engine: Engine, from: string, to: string, sign: 1 | -1): Promise<void> {
  for (const r of ROLLUPS) {
    for (const period of PERIODS_OF_MONTH) {
      const negated = sql.raw(sign < 0 ? '-' : '');
      const sums = sql.join(
        r.counts.map((c) => sql`${negated}sum(${sql.identifier(c)})`),
        sql`, `,
      );
      const updates = sql.join(
        r.counts.map((c) => sql`${sql.identifier(c)} = t.${sql.identifier(c)} + excluded.${sql.identifier(c)}`),
        sql`, `,
      );
      const groups = sql.raw(r.keys.map((_, i) => String(i + 2)).join(', '));
      await rawRun(
        tx,
        sql`insert into ${sql.identifier(r.rollup)} as t (period, ${names(r.keys)}, ${names(r.counts)})
            select ${period}, ${names(r.keys)}, ${sums} from ${sql.identifier(r.months)}
            where month >= ${from} and month < ${to} group by 1, ${groups}
            on conflict (${names(r.keys)}, period) do update set ${updates}`,
        engine,
      );
    }
  }
}

/**
 * Moves the boundary of the rollups to the current China month: the months from the old boundary up to the one before
 * the current are added into their years and quarters. Moved back (a clock set back), the months from the new
 * boundary on are taken out again, so the rollups are the closed months' sums either way. Returns the months closed
 * (or reopened, `reopened`), null when the boundary was already there.
 */
export async function closeStatsMonths(store: Store, now = new Date()): Promise<{ from: string; to: string; reopened: boolean } | null> {
  const to = chinaMonth(now);
  const { engine } = store;
  return store.write(async (tx) => {
    if (engine === 'pg') await rawRows(tx, sql`select pg_advisory_xact_lock(${STATS_PERIODS_LOCK}) as locked`, engine);
    const [row] = await rawRows<{ month: string }>(tx, sql`select month from stats_period_boundary where id = 1`, engine);
    const from = row?.month ?? '';
    if (from === to) return null;
    if (from < to) await addMonths(tx, engine, from, to, 1);
    else await addMonths(tx, engine, to, from, -1);
    await rawRun(tx, sql`insert into stats_period_boundary (id, month) values (1, ${to}) on conflict (id) do update set month = excluded.month`, engine);
    return from < to ? { from, to, reopened: false } : { from: to, to: from, reopened: true };
  });
}
