// The cases' full-text index kept compact (SQLite). FTS5 writes each write transaction's new words as a segment of its
// own and merges segments of one level into the next as they pile up (automerge 8, migration 0037): a case's words
// are rewritten about log8(n) times over the index's life, and the larger the index, the more of that merging each
// create pays for. Merged into one segment every night (FTS5's 'optimize', the scheduler's optimize-search-index),
// the day's creates merge only among the day's own segments: on the county's million requests a create one at a
// time took 0.67 ms of CPU with the index as a bulk load and months of creates leave it (segments of every size,
// merges under way), 0.49 ms once it was merged (bench:commands, 2026-12-06).
//
// The night's merge rewrites the whole index in one write transaction: about 2 s on the county (48 MB of index), while
// every other write waits (this process's other threads at the write lock, other processes on the file in SQLite's
// 5 s busy_timeout: an index several times the county's would need the merge in steps, FTS5's 'merge' command).
// PostgreSQL's trigram indexes (GIN) keep a pending list of their own that VACUUM folds in: nothing to do there.
import { sql } from 'drizzle-orm';
import { rawRows, rawRun } from '@/db/dialect';
import type { Store } from '@/db/store';

/** The index's segments before, and whether they were merged (a single segment, or none, is left as it is). */
export type SearchIndexMerge = { segments: number; merged: boolean };

/** Merges the cases' full-text index into one segment (SQLite); null on PostgreSQL, which has nothing to merge. */
export async function optimizeSearchIndex(store: Store): Promise<SearchIndexMerge | null> {
  if (store.engine !== 'sqlite') return null;
  return store.write(async (tx) => {
    // cases_fts_idx: a row per leaf page of each segment (its first term), so its distinct segids are the segments.
    const [row] = await rawRows<{ n: number }>(tx, sql`select count(distinct segid) as n from cases_fts_idx`, 'sqlite');
    const segments = Number(row?.n ?? 0);
    if (segments <= 1) return { segments, merged: false };
    await rawRun(tx, sql`insert into cases_fts (cases_fts) values ('optimize')`, 'sqlite');
    return { segments, merged: true };
  });
}
