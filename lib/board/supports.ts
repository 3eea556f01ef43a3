// 附议 ("me too"): residents support an open published request at its QR code instead of filing it again, follow it
// through a status link of their own, and rate its result once (counted in 满意率, lib/stats/direct.ts).
import crypto from 'node:crypto';
import { alias } from 'drizzle-orm/sqlite-core';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { CaseStatus, Rating } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { caseEvents, casePublications, cases, caseSupports, orgNodes } from '@/db/tables';
import { hashToken } from '@/lib/cases/commands';
import { findActiveIntakePoint, RETIRED_PLACE_MESSAGE } from '@/lib/cases/intake-points';
import { OPEN_STATUSES } from '@/lib/cases/lifecycle';
import { progressStages, publicSteps, type StageView } from '@/lib/cases/public-view';
import { ipKey, submitsPerHour, takeHit, type Limit } from '@/lib/rate-limit/hits';

/** Supports per address and hour: a household taps a few, a script is stopped. Raised with YINGHUO_SUPPORTS_PER_HOUR. */
export const PUBLIC_SUPPORT_LIMIT: Limit = { limit: 3 * submitsPerHour(process.env.YINGHUO_SUPPORTS_PER_HOUR ?? process.env.YINGHUO_SUBMITS_PER_HOUR), windowMs: 60 * 60 * 1000 };

export const SUPPORT_MESSAGES = {
  already: '您已经附议过这件事，可凭附议时得到的链接查看进度。',
  closed: '这件事已经办结或不再公开，无需附议。',
  tooMany: '操作过于频繁，请稍后再试',
  rated: '感谢您的评价！',
  notOpen: '这件事目前不能评价：办结后才能评价，每人只能评价一次。',
} as const;

/** The device cookie: one support per device and request, without an account. */
export const DEVICE_COOKIE = 'yh_device';

/** The device's key in case_supports: the cookie value is never stored. */
export const deviceHash = (deviceId: string) => crypto.createHash('sha256').update(`device:${deviceId}`).digest('hex');

export const newDeviceId = () => crypto.randomBytes(24).toString('base64url');

export type SupportableItem = { publicationId: number; text: string; status: CaseStatus; supportCount: number; supportedHere: boolean; placeName: string };

const grid = alias(orgNodes, 'grid');
const place = alias(orgNodes, 'place');

/** Where a point's cases are: a building's own, or everything in a grid (its own code and its 微光心愿箱). */
const atPoint = (point: { kind: string; nodeId: number }) => (point.kind === 'building' ? eq(cases.nodeId, point.nodeId) : eq(cases.gridId, point.nodeId));

/**
 * "是不是同一件事？": the open requests staff published for the place of a QR code, most supported first, with
 * whether this device already supported each. Only the public text, never what the resident wrote.
 */
export async function listSupportable(db: AppDb, point: { kind: string; nodeId: number }, device: string | null, limit = 10): Promise<SupportableItem[]> {
  const rows = await db
    .select({
      publicationId: casePublications.id,
      caseId: cases.id,
      text: casePublications.publicText,
      status: cases.status,
      supportCount: cases.supportCount,
      gridName: grid.name,
      placeKind: place.kind,
      placeName: place.name,
    })
    .from(casePublications)
    .innerJoin(cases, eq(cases.id, casePublications.caseId))
    .innerJoin(grid, eq(grid.id, cases.gridId))
    .innerJoin(place, eq(place.id, cases.nodeId))
    .where(and(eq(casePublications.kind, 'request'), isNull(casePublications.withdrawnAt), atPoint(point), inArray(cases.status, [...OPEN_STATUSES])))
    .orderBy(desc(cases.supportCount), desc(casePublications.id))
    .limit(limit);
  const mine = new Set<number>();
  if (device && rows.length > 0) {
    const hash = deviceHash(device);
    const supported = await db
      .select({ caseId: caseSupports.caseId })
      .from(caseSupports)
      .where(and(eq(caseSupports.deviceHash, hash), inArray(caseSupports.caseId, rows.map((r) => r.caseId))));
    for (const s of supported) mine.add(s.caseId);
  }
  return rows.map((r) => ({
    publicationId: r.publicationId,
    text: r.text,
    status: r.status,
    supportCount: r.supportCount,
    supportedHere: mine.has(r.caseId),
    placeName: r.placeKind === 'building' ? `${r.gridName} ${r.placeName}` : r.gridName,
  }));
}

export type SupportResult =
  | { ok: true; token: string }
  | { ok: false; code: 'not_found' | 'retired' | 'closed' | 'already' | 'rate_limited'; message: string };

/**
 * One tap of "我也遇到了": the device supports the published request behind `publicationId` at the QR code `code`, once.
 * The request must be published for that very place and still open; the address is throttled before anything is
 * written; the support and the case's count are one write, and the unique (case, device) index refuses a second
 * support from the same device, also when two taps race. The status-link token is returned once and stored hashed.
 */
export async function addSupport(
  store: Store,
  request: { code: string; publicationId: number; deviceId: string; phone?: string; ip: string | null },
  now = new Date(),
): Promise<SupportResult> {
  const point = await findActiveIntakePoint(store.db, request.code);
  if (!point) return { ok: false, code: 'not_found', message: '二维码已失效，请联系网格员。' };
  if (point.retired) return { ok: false, code: 'retired', message: RETIRED_PLACE_MESSAGE };
  const [target] = await store.db
    .select({ caseId: cases.id, status: cases.status })
    .from(casePublications)
    .innerJoin(cases, eq(cases.id, casePublications.caseId))
    .where(and(eq(casePublications.id, request.publicationId), eq(casePublications.kind, 'request'), isNull(casePublications.withdrawnAt), atPoint(point)))
    .limit(1);
  if (!target) return { ok: false, code: 'not_found', message: SUPPORT_MESSAGES.closed };
  if (!OPEN_STATUSES.includes(target.status)) return { ok: false, code: 'closed', message: SUPPORT_MESSAGES.closed };
  if (!(await takeHit(store, ipKey('support', request.ip), PUBLIC_SUPPORT_LIMIT, now))) return { ok: false, code: 'rate_limited', message: SUPPORT_MESSAGES.tooMany };

  const token = crypto.randomBytes(18).toString('base64url');
  const added = await store.write(async (tx) => {
    const rows = await tx
      .insert(caseSupports)
      .values({ caseId: target.caseId, kind: 'device', deviceHash: deviceHash(request.deviceId), tokenHash: hashToken(token), phone: request.phone ?? null, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: caseSupports.id });
    if (rows.length === 0) return false;
    await tx.update(cases).set({ supportCount: sql`${cases.supportCount} + 1` }).where(eq(cases.id, target.caseId));
    return true;
  });
  if (!added) return { ok: false, code: 'already', message: SUPPORT_MESSAGES.already };
  return { ok: true, token };
}

/** A supporter's row behind a status link: a device's own token, or the token of their request merged into the case. */
async function supportOfToken(db: AppDb, tokenHash: string) {
  const [own] = await db.select().from(caseSupports).where(eq(caseSupports.tokenHash, tokenHash)).limit(1);
  if (own) return own;
  const [merged] = await db
    .select({ support: caseSupports })
    .from(caseSupports)
    .innerJoin(cases, eq(cases.id, caseSupports.fromCaseId))
    .where(eq(cases.publicTokenHash, tokenHash))
    .limit(1);
  return merged?.support ?? null;
}

export type SupporterView = NonNullable<Awaited<ReturnType<typeof getSupporterView>>>;

/**
 * What a supporter sees through their link: the supported case's progress in residents' words, the public text
 * staff wrote, the result when it is resolved, and whether they may rate it now. Nothing of the original resident.
 */
export async function getSupporterView(db: AppDb, tokenHash: string) {
  const support = await supportOfToken(db, tokenHash);
  if (!support) return null;
  const [c] = await db
    .select({
      number: cases.number,
      status: cases.status,
      createdAt: cases.createdAt,
      resolvedAt: cases.resolvedAt,
      supportCount: cases.supportCount,
      gridName: grid.name,
      placeKind: place.kind,
      placeName: place.name,
      publicText: casePublications.publicText,
      withdrawnAt: casePublications.withdrawnAt,
    })
    .from(cases)
    .innerJoin(grid, eq(grid.id, cases.gridId))
    .innerJoin(place, eq(place.id, cases.nodeId))
    .leftJoin(casePublications, eq(casePublications.caseId, cases.id))
    .where(eq(cases.id, support.caseId))
    .limit(1);
  if (!c) return null;
  const events = await db
    .select({ id: caseEvents.id, at: caseEvents.at, action: caseEvents.action, toStatus: caseEvents.toStatus, note: caseEvents.note, data: caseEvents.data })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, support.caseId))
    .orderBy(asc(caseEvents.id));
  const resolved = c.status === 'resolved' || c.status === 'closed';
  return {
    kind: support.kind,
    number: c.number,
    status: c.status,
    placeName: c.placeKind === 'building' ? `${c.gridName} ${c.placeName}` : c.gridName,
    // The staff's public text when there is one (a merged supporter's original may be unpublished or withdrawn).
    publicText: c.publicText !== null && c.withdrawnAt === null ? c.publicText : null,
    supportCount: c.supportCount,
    supportedAt: support.createdAt,
    stages: progressStages(c.status, events) as StageView[],
    // The supported case's own rating steps stay out: they are another resident's opinion.
    steps: publicSteps(events.filter((e) => e.action !== 'rate')),
    resolutionNote: resolved ? (events.findLast((e) => e.action === 'resolve')?.note ?? null) : null,
    rating: support.rating as Rating | null,
    mayRate: resolved && support.rating === null,
  };
}

export type SupporterRateResult = { ok: true } | { ok: false; message: string };

/**
 * A supporter's rating of the result, once: only when the supported case is resolved (or already closed by its own
 * resident's rating). The UPDATE carries "not rated yet" in its WHERE, so two taps at once rate once.
 */
export async function rateAsSupporter(store: Store, tokenHash: string, rating: Rating, now = new Date()): Promise<SupporterRateResult> {
  const support = await supportOfToken(store.db, tokenHash);
  if (!support) return { ok: false, message: SUPPORT_MESSAGES.notOpen };
  return store.write(async (tx) => {
    const [c] = await tx.select({ status: cases.status }).from(cases).where(eq(cases.id, support.caseId)).limit(1);
    if (!c || (c.status !== 'resolved' && c.status !== 'closed')) return { ok: false, message: SUPPORT_MESSAGES.notOpen };
    const rows = await tx
      .update(caseSupports)
      .set({ rating, ratedAt: now })
      .where(and(eq(caseSupports.id, support.id), isNull(caseSupports.rating)))
      .returning({ id: caseSupports.id });
    return rows.length > 0 ? { ok: true } : { ok: false, message: SUPPORT_MESSAGES.notOpen };
  });
}

/** The supporters of a case for its staff page: how many, how they rated, and phone numbers to call back (handlers only). */
export async function listSupporters(db: AppDb, caseId: number) {
  return db
    .select({ id: caseSupports.id, kind: caseSupports.kind, phone: caseSupports.phone, rating: caseSupports.rating, createdAt: caseSupports.createdAt, fromNumber: cases.number })
    .from(caseSupports)
    .leftJoin(cases, eq(cases.id, caseSupports.fromCaseId))
    .where(eq(caseSupports.caseId, caseId))
    .orderBy(asc(caseSupports.id));
}
