// What the holder of a private status link may see of a case: progress, never personal data or staff notes.
import { and, asc, eq, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import type { CaseStatus, Rating } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { caseEvents, casePhotos, cases, categories, orgNodes } from '@/db/tables';
import { PUBLIC_STEP_LABELS, ratingStepLabel, STAGES, type Stage } from './public-labels';

/** The token in /t/<token>: 18 random bytes as base64url when made; anything else is "not found". */
export const statusTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,64}$/);

const place = alias(orgNodes, 'place');
const grid = alias(orgNodes, 'grid');

type EventRow = Pick<typeof caseEvents.$inferSelect, 'id' | 'at' | 'action' | 'toStatus' | 'note' | 'data'>;

export type PublicStep = { id: number; at: Date; label: string };
export type StageView = { stage: Stage; state: 'done' | 'current' | 'todo'; at: Date | null };

/** Where a status sits on the main line 待受理 → 已受理 → 办理中 → 已办结 → 已关闭. */
const STAGE_OF: Partial<Record<CaseStatus, Stage>> = {
  submitted: 'submitted',
  accepted: 'accepted',
  assigned: 'accepted',
  in_progress: 'in_progress',
  resolved: 'resolved',
  closed: 'closed',
};

/**
 * The main line with the time each stage was last reached. A rejected or duplicate case stops
 * after 待受理 (the page explains the side state); a reopened case is back at 办理中.
 */
export function progressStages(status: CaseStatus, events: readonly Pick<EventRow, 'at' | 'toStatus'>[]): StageView[] {
  const reached = new Map<Stage, Date>();
  for (const e of events) {
    const stage = STAGE_OF[e.toStatus];
    if (stage) reached.set(stage, e.at);
  }
  const current = STAGES.indexOf(STAGE_OF[status] ?? 'submitted');
  const offLine = STAGE_OF[status] === undefined;
  return STAGES.map((stage, i) => {
    const state = offLine ? (i === 0 ? 'done' : 'todo') : i < current || (i === current && stage === 'closed') ? 'done' : i === current ? 'current' : 'todo';
    return { stage, state, at: state === 'todo' ? null : (reached.get(stage) ?? null) };
  });
}

/** The timeline in residents' words; hidden actions drop out, a granted extension only. */
export function publicSteps(events: readonly EventRow[]): PublicStep[] {
  return events.flatMap((e) => {
    const data = e.data ?? {};
    if (e.action === 'decide_extension' && data.grant !== true) return [];
    if (e.action === 'rate' && typeof data.rating === 'string') {
      return [{ id: e.id, at: e.at, label: ratingStepLabel(data.rating as Rating, data.via === 'resident') }];
    }
    const label = PUBLIC_STEP_LABELS[e.action as keyof typeof PUBLIC_STEP_LABELS];
    return label ? [{ id: e.id, at: e.at, label }] : [];
  });
}

const latest = (events: readonly EventRow[], action: string) => events.findLast((e) => e.action === action) ?? null;

/** The case behind a status-link token hash, as its resident may see it; null when unknown. */
export async function getPublicCaseView(db: AppDb, tokenHash: string) {
  const [row] = await db
    .select({
      id: cases.id,
      number: cases.number,
      version: cases.version,
      status: cases.status,
      categoryName: categories.name,
      placeKind: place.kind,
      placeName: place.name,
      gridName: grid.name,
      createdAt: cases.createdAt,
      acceptDueAt: cases.acceptDueAt,
      resolveDueAt: cases.resolveDueAt,
      rateDueAt: cases.rateDueAt,
      duplicateOfId: cases.duplicateOfId,
      rating: cases.rating,
      reopenCount: cases.reopenCount,
      closeReason: cases.closeReason,
      description: cases.description,
      typedPlace: cases.place,
    })
    .from(cases)
    .leftJoin(categories, eq(categories.id, cases.categoryId))
    .innerJoin(place, eq(place.id, cases.nodeId))
    .innerJoin(grid, eq(grid.id, cases.gridId))
    .where(eq(cases.publicTokenHash, tokenHash))
    .limit(1);
  if (!row) return null;
  const events: EventRow[] = await db
    .select({ id: caseEvents.id, at: caseEvents.at, action: caseEvents.action, toStatus: caseEvents.toStatus, note: caseEvents.note, data: caseEvents.data })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, row.id))
    .orderBy(asc(caseEvents.id));
  const original = row.duplicateOfId
    ? ((await db.select({ number: cases.number, status: cases.status }).from(cases).where(eq(cases.id, row.duplicateOfId)).limit(1))[0] ?? null)
    : null;
  const photos = await db
    .select({ id: casePhotos.id, eventId: casePhotos.eventId })
    .from(casePhotos)
    .innerJoin(caseEvents, eq(caseEvents.id, casePhotos.eventId))
    .where(and(eq(casePhotos.caseId, row.id), residentMayView))
    .orderBy(asc(casePhotos.id));
  const submitEventId = events.find((e) => e.action === 'submit')?.id;
  const { id: _id, duplicateOfId: _dup, placeKind, placeName, gridName, ...shown } = row;
  return {
    ...shown,
    // Grid or building only: the resident's own unit/room stays with the staff.
    placeName: placeKind === 'building' ? `${gridName} ${placeName}` : placeName,
    stages: progressStages(row.status, events),
    /** When the case entered its current status (for the side states, which have no stage). */
    statusSince: events.findLast((e) => e.toStatus === row.status)?.at ?? row.createdAt,
    steps: publicSteps(events),
    // The handler's account of what was done, and the reason for a refusal, are meant for the resident.
    resolutionNote: latest(events, 'resolve')?.note ?? null,
    rejectionReason: row.status === 'rejected' ? (latest(events, 'reject')?.note ?? null) : null,
    duplicateOf: original,
    rating: row.rating as Rating | null,
    /** The photos sent with the request: the resident's own. */
    submissionPhotoIds: photos.filter((p) => p.eventId === submitEventId).map((p) => p.id),
    /** What the handler chose to show as proof, newest step last. */
    handlerPhotos: photos
      .filter((p) => p.eventId !== submitEventId)
      .map((p) => ({ id: p.id, step: events.find((e) => e.id === p.eventId)?.action === 'resolve' ? ('resolve' as const) : ('progress' as const) })),
  };
}

/**
 * The one rule for what a status link opens: the photos sent with the request, and the
 * handler's photos marked public. Staff-only photos stay behind the staff scope.
 */
const residentMayView = or(eq(caseEvents.action, 'submit'), eq(casePhotos.public, true));

/** A photo the holder of a status link may see, or null (the same for missing and not theirs). */
export async function getPhotoForStatusToken(db: AppDb, tokenHash: string, photoId: number) {
  const [row] = await db
    .select({ fileName: casePhotos.fileName, mime: casePhotos.mime })
    .from(casePhotos)
    .innerJoin(cases, eq(cases.id, casePhotos.caseId))
    .innerJoin(caseEvents, eq(caseEvents.id, casePhotos.eventId))
    .where(and(eq(casePhotos.id, photoId), eq(cases.publicTokenHash, tokenHash), residentMayView))
    .limit(1);
  return row ?? null;
}

export type PublicCaseView = NonNullable<Awaited<ReturnType<typeof getPublicCaseView>>>;
