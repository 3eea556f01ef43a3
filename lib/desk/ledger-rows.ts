// The requests of a ledger export, one row each, with the names and Chinese labels the sheet prints.
import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { epochMs, inReadSnapshot, pluckIds } from '@/db/dialect';
import { ENGINE } from '@/db/engine';
import type { AppDb } from '@/db/store';
import { accounts, cases, categories, orgNodes, units } from '@/db/tables';
import { maskPhone } from '@/lib/auth/scope';
import { ESCALATION_LABELS, HANDLER_KIND_LABELS, RATING_LABELS, SOURCE_LABELS, STATUS_LABELS, URGENCY_LABELS } from '@/lib/cases/labels';
import { readKeysetPage, type Cursor, type ListOrder } from '@/lib/cases/case-list';
import { isOverdueAt } from '@/lib/cases/lifecycle';
import { maySeeFullPhone, type Viewer } from '@/lib/cases/visibility';
import type { LedgerRow } from './ledger-workbook';

const place = alias(orgNodes, 'place');
const grid = alias(orgNodes, 'grid');
const handler = alias(accounts, 'handler');

type Raw = Awaited<ReturnType<ReturnType<typeof selectRaw>['all']>>[number];

/** A timestamp column in epoch milliseconds (as SQLite stores it): the export makes no Date per cell (see ledger-workbook's `excelTime`). */
const millis = (column: SQLiteColumn) => epochMs(column);
const millisOrNull = (column: SQLiteColumn) => epochMs(column) as SQL<number | null>;

/** The ledger's columns of the cases `which` selects. */
function selectRaw(db: AppDb, which: SQL) {
  return db
    .select({
      id: cases.id,
      number: cases.number,
      createdAt: millis(cases.createdAt),
      source: cases.source,
      categoryName: categories.name,
      urgency: cases.urgency,
      description: cases.description,
      gridName: grid.name,
      placeName: place.name,
      placeKind: place.kind,
      place: cases.place,
      residentName: cases.residentName,
      residentPhone: cases.residentPhone,
      status: cases.status,
      handlerKind: cases.handlerKind,
      handlerAccountId: cases.handlerAccountId,
      handlerUnitId: cases.handlerUnitId,
      handlerName: handler.displayName,
      unitName: units.name,
      escalationLevel: cases.escalationLevel,
      acceptDueAt: millis(cases.acceptDueAt),
      acceptedAt: millisOrNull(cases.acceptedAt),
      resolveDueAt: millisOrNull(cases.resolveDueAt),
      resolvedAt: millisOrNull(cases.resolvedAt),
      supervised: cases.supervised,
      supervisionNote: cases.supervisionNote,
      rating: cases.rating,
      ratingComment: cases.ratingComment,
      closeReason: cases.closeReason,
      reopenCount: cases.reopenCount,
    })
    .from(cases)
    .leftJoin(categories, eq(categories.id, cases.categoryId))
    .innerJoin(place, eq(place.id, cases.nodeId))
    .innerJoin(grid, eq(grid.id, cases.gridId))
    .leftJoin(handler, eq(handler.id, cases.handlerAccountId))
    .leftJoin(units, eq(units.id, cases.handlerUnitId))
    .where(which);
}

/**
 * Reads the rows of a batch of ids. On SQLite one statement, prepared once and given each batch's ids as one JSON
 * array: a statement prepared per batch (2,000 of them for 100,000 rows) holds its compiled program (tens of KB of
 * native memory, the five-table join) until V8 collects its small JavaScript wrapper, which it has no reason to do
 * soon, so an export's statements piled up outside the heap. On PostgreSQL the ids as bound parameters, as before.
 */
function rowReader(db: AppDb): (ids: number[]) => Promise<Raw[]> {
  if (ENGINE === 'pg') return async (ids) => await selectRaw(db, inArray(cases.id, ids));
  const statement = selectRaw(db, sql`${cases.id} in (select value from json_each(${sql.placeholder('ids')}))`).prepare();
  return async (ids) => statement.all({ ids: JSON.stringify(ids) });
}

/**
 * How many rows one statement of a ledger export reads: a few milliseconds of the connection, then
 * the event loop's again. Small, so a batch is garbage before the young generation is next
 * collected: 200 rows lived long enough to be promoted, and a 100,000-row export then filled the
 * old generation (and held its buffers) until the next full collection.
 */
export const LEDGER_BATCH = 50;

export type LedgerRows = {
  /** How many requests the export holds (its ids, read when it was prepared). */
  count: number;
  /**
   * The rows in the export's order, LEDGER_BATCH at a time: each batch is read by its own short
   * statement when it is asked for, so no read transaction stays open while the file streams and
   * only one batch is in memory. A request deleted meanwhile is left out. `from`: the connection to
   * read them through (the export's own, Store.scan), by default the one the ids were read from.
   */
  batches: (from?: AppDb) => AsyncGenerator<LedgerRow[]>;
};

/**
 * Every request matching `where` (which must already hold the viewer's visibility rule), in `order`.
 *
 * Consistency: which requests the sheet holds, and in what order, is one snapshot, taken by a single
 * statement over the cases table's index that reads nothing but the ids (4 bytes each, 400 KB for
 * 100,000 requests): a request that changes its status, deadline or update time while the file
 * streams can neither drop out of the sheet nor appear in it twice, whatever the sort. Each row's
 * content is read when its batch is written (at most a few seconds later), so it shows that moment's
 * state; the snapshot statement ends before the first byte, so WAL checkpoints are never held up by
 * a slow download. On PostgreSQL the ids are read by keyset, ID_PAGE at a time, all in one read-only
 * REPEATABLE READ transaction (one snapshot, as SQLite's one statement), which ends before the first byte too.
 */
export async function selectLedgerRows(db: AppDb, viewer: Viewer, where: SQL, order: ListOrder, now: Date): Promise<LedgerRows> {
  const ids = await selectLedgerIds(db, where, order);
  const nowMs = now.getTime();
  async function* batches(from: AppDb = db): AsyncGenerator<LedgerRow[]> {
    const read = rowReader(from);
    for (let at = 0; at < ids.length; at += LEDGER_BATCH) {
      const slice = Array.from(ids.subarray(at, at + LEDGER_BATCH));
      const byId = new Map((await read(slice)).map((r) => [r.id, r]));
      yield slice.flatMap((id) => {
        const r = byId.get(id);
        return r ? [toLedgerRow(r, viewer, nowMs)] : [];
      });
    }
  }
  return { count: ids.length, batches };
}

/** How many ids one keyset statement of the PostgreSQL snapshot reads (40 KB of them). */
const ID_PAGE = 10_000;

/**
 * The ids in the list's order (the queue's: key, then id), in a typed array (4 bytes each, no object per id).
 * SQLite: one statement, plucked id by id. PostgreSQL: keyset pages of ID_PAGE inside one snapshot, so that
 * neither a million row objects nor a million ids as one result are ever held at once.
 */
async function selectLedgerIds(db: AppDb, where: SQL, order: ListOrder): Promise<Int32Array> {
  if (ENGINE === 'sqlite') {
    const dir = order.direction === 'asc' ? sql`asc` : sql`desc`;
    return pluckIds(db, db.select({ id: cases.id }).from(cases).where(where).orderBy(sql`${order.key} ${dir}`, sql`${cases.id} ${dir}`));
  }
  return inReadSnapshot(db, async (tx) => {
    const ids = new IdArray();
    let after: Cursor | undefined;
    for (;;) {
      const page = await readKeysetPage(tx, where, order, ID_PAGE, after ? { after } : {});
      for (const id of page.ids) ids.push(id);
      if (!page.hasAfter || !page.last) return ids.done();
      after = page.last;
    }
  });
}

/** A growing Int32Array. */
class IdArray {
  private ids = new Int32Array(1024);
  private n = 0;
  push(id: number): void {
    if (this.n === this.ids.length) {
      const grown = new Int32Array(this.n * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.n++] = id;
  }
  done(): Int32Array {
    return this.ids.subarray(0, this.n);
  }
}

function toLedgerRow(r: Raw, viewer: Viewer, nowMs: number): LedgerRow {
  return {
    number: r.number,
    createdAt: r.createdAt,
    source: SOURCE_LABELS[r.source],
    category: r.categoryName ?? '未分类',
    urgency: URGENCY_LABELS[r.urgency],
    description: r.description,
    grid: r.gridName,
    place: placeText(r),
    residentName: r.residentName ?? '',
    // As on the case page: secretaries read the full number, anyone else the masked one.
    residentPhone: maySeeFullPhone(viewer, r) ? (r.residentPhone ?? '') : maskPhone(r.residentPhone),
    status: STATUS_LABELS[r.status],
    handler: handlerText(r),
    level: ESCALATION_LABELS[r.escalationLevel] ?? '',
    acceptDueAt: r.acceptDueAt,
    acceptedAt: r.acceptedAt,
    resolveDueAt: r.resolveDueAt,
    resolvedAt: r.resolvedAt,
    overdue: overdueText(r, nowMs),
    supervised: r.supervised ? (r.supervisionNote ? `是（${r.supervisionNote}）` : '是') : '否',
    rating: r.rating ? RATING_LABELS[r.rating] : r.closeReason === 'not_rated' ? '未评价' : '',
    ratingComment: r.ratingComment ?? '',
    reopenCount: r.reopenCount,
  };
}

/** The building, and the spot as typed when it says more ("12号楼消防通道" already names its building). */
function placeText(r: Raw): string {
  const building = r.placeKind === 'building' ? r.placeName : null;
  if (!r.place) return building ?? '';
  return building && !r.place.includes(building) ? `${building} ${r.place}` : r.place;
}

function handlerText(r: Raw): string {
  switch (r.handlerKind) {
    case null:
      return '';
    case 'board':
      return '党员认领台（待认领）';
    case 'unit':
      return r.unitName ?? HANDLER_KIND_LABELS.unit;
    default:
      return `${HANDLER_KIND_LABELS[r.handlerKind]} ${r.handlerName ?? ''}`.trim();
  }
}

/** Open work past its deadline now, or work that was resolved after its deadline. */
export const OVERDUE_TEXT = { open: '是（在办超期）', late: '是（超期办结）', no: '否' } as const;

function overdueText(r: Raw, now: number): string {
  if (isOverdueAt(r, now)) return OVERDUE_TEXT.open;
  if (r.resolvedAt !== null && r.resolveDueAt !== null && r.resolvedAt > r.resolveDueAt) return OVERDUE_TEXT.late;
  return OVERDUE_TEXT.no;
}
