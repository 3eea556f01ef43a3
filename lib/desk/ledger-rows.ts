// The requests of a ledger export, one row each, with the names and Chinese labels the sheet prints.
import { eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { DB } from '@/db/client';
import { accounts, cases, categories, orgNodes, units } from '@/db/schema';
import { maskPhone } from '@/lib/auth/scope';
import { ESCALATION_LABELS, HANDLER_KIND_LABELS, RATING_LABELS, SOURCE_LABELS, STATUS_LABELS, URGENCY_LABELS } from '@/lib/cases/labels';
import { isOverdue } from '@/lib/cases/lifecycle';
import { maySeeFullPhone, type Viewer } from '@/lib/cases/visibility';
import type { LedgerRow } from './ledger-workbook';

const place = alias(orgNodes, 'place');
const grid = alias(orgNodes, 'grid');
const handler = alias(accounts, 'handler');

type Raw = ReturnType<typeof selectRaw>[number];

function selectRaw(db: DB, where: SQL, order: SQL[]) {
  return db
    .select({
      number: cases.number,
      createdAt: cases.createdAt,
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
      acceptDueAt: cases.acceptDueAt,
      acceptedAt: cases.acceptedAt,
      resolveDueAt: cases.resolveDueAt,
      resolvedAt: cases.resolvedAt,
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
    .where(where)
    .orderBy(...order)
    .all();
}

export type LedgerRows = {
  count: number;
  /** When the earliest of them was submitted; null when there are none. */
  earliest: Date | null;
  /** The rows, converted as they are read; can be read once. */
  rows: Iterable<LedgerRow>;
};

/**
 * Every request matching `where` (which must already hold the viewer's visibility rule), read
 * in one statement so the sheet is one consistent snapshot and the connection is free again
 * before the slow part, writing the file, begins. Each row is converted when the writer asks
 * for it and let go right after, so a year of requests is held once, not twice.
 */
export function selectLedgerRows(db: DB, viewer: Viewer, where: SQL, order: SQL[], now: Date): LedgerRows {
  const raw: (Raw | undefined)[] = selectRaw(db, where, order);
  let earliest: Date | null = null;
  for (const r of raw) if (r && (!earliest || r.createdAt < earliest)) earliest = r.createdAt;
  function* rows(): Generator<LedgerRow> {
    for (let i = 0; i < raw.length; i++) {
      const r = raw[i]!;
      raw[i] = undefined;
      yield toLedgerRow(r, viewer, now);
    }
  }
  return { count: raw.length, earliest, rows: rows() };
}

function toLedgerRow(r: Raw, viewer: Viewer, now: Date): LedgerRow {
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
    overdue: overdueText(r, now),
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

function overdueText(r: Raw, now: Date): string {
  if (isOverdue(r, now)) return OVERDUE_TEXT.open;
  if (r.resolvedAt && r.resolveDueAt && r.resolvedAt > r.resolveDueAt) return OVERDUE_TEXT.late;
  return OVERDUE_TEXT.no;
}
