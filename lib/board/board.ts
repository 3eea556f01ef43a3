// The community's public board (心愿墙 and 公开栏), read without sign-in: only what staff published, never a resident's personal data.
import { alias } from 'drizzle-orm/sqlite-core';
import { and, asc, desc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import { epochMs } from '@/db/dialect';
import type { CaseStatus, HandlerKind } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { accounts, casePhotos, casePublications, cases, orgNodes, units } from '@/db/tables';
import { computeStats, type Figures } from '@/lib/stats';
import { resolvePeriod } from '@/lib/stats/period';
import type { WishState } from './labels';

export type BoardCommunity = { id: number; name: string; path: string };

/** The community behind /b/<id>: a community node that is not retired, or null. */
export async function findBoardCommunity(db: AppDb, id: number): Promise<BoardCommunity | null> {
  const [row] = await db
    .select({ id: orgNodes.id, name: orgNodes.name, path: orgNodes.path })
    .from(orgNodes)
    .where(and(eq(orgNodes.id, id), eq(orgNodes.kind, 'community'), isNull(orgNodes.retiredAt)))
    .limit(1);
  return row ?? null;
}

/** The board of the community a place lies in (a QR page links to it), or null above community level. */
export async function boardIdOfPath(db: AppDb, nodePath: string): Promise<number | null> {
  const ids = nodePath.split('/').filter(Boolean).map(Number);
  if (ids.length === 0) return null;
  const [row] = await db.select({ id: orgNodes.id }).from(orgNodes).where(and(inArray(orgNodes.id, ids), eq(orgNodes.kind, 'community'))).limit(1);
  return row?.id ?? null;
}

export { WISH_STATE_LABELS, type WishState } from './labels';

export function wishState(status: CaseStatus, handlerKind: HandlerKind | null): WishState {
  if (status === 'resolved' || status === 'closed') return 'lit';
  if (status === 'in_progress' || (status === 'assigned' && handlerKind !== 'board')) return 'claimed';
  return 'open';
}

export type WallItem = {
  publicationId: number;
  text: string;
  state: WishState;
  /** A party member may claim it now (it is on the claim board). */
  claimable: boolean;
  placeName: string;
  /** Who lit (or took on) the wish: the party member's or the unit's name; grid workers are not named. */
  litBy: string | null;
  photoIds: number[];
  publishedAt: Date;
  resolvedAt: Date | null;
};

const grid = alias(orgNodes, 'grid');
const place = alias(orgNodes, 'place');
const handler = alias(accounts, 'handler');

/** The case paths under a community as an index range (paths hold digits and slashes only; '0' follows '/'). */
const under = (path: string) => and(gte(cases.nodePath, path), lt(cases.nodePath, `${path.slice(0, -1)}0`))!;

/**
 * The wishes staff published for the community, newest first (at most `limit`), with the counts per state. A
 * withdrawn wish is gone from the first query after the withdrawal. The columns read are the publication's and
 * names of places and helpers: nothing the resident wrote or gave.
 */
export async function listWall(db: AppDb, community: BoardCommunity, limit = 60): Promise<{ items: WallItem[]; counts: Record<WishState, number> }> {
  const rows = await db
    .select({
      publicationId: casePublications.id,
      text: casePublications.publicText,
      photoIds: casePublications.photoIds,
      publishedAt: casePublications.publishedAt,
      status: cases.status,
      handlerKind: cases.handlerKind,
      resolvedAt: cases.resolvedAt,
      gridName: grid.name,
      placeKind: place.kind,
      placeName: place.name,
      memberName: handler.displayName,
      unitName: units.name,
    })
    .from(casePublications)
    .innerJoin(cases, eq(cases.id, casePublications.caseId))
    .innerJoin(grid, eq(grid.id, cases.gridId))
    .innerJoin(place, eq(place.id, cases.nodeId))
    .leftJoin(handler, eq(handler.id, cases.handlerAccountId))
    .leftJoin(units, eq(units.id, cases.handlerUnitId))
    .where(and(eq(casePublications.kind, 'wish'), isNull(casePublications.withdrawnAt), under(community.path)))
    .orderBy(desc(casePublications.publishedAt), desc(casePublications.id));
  const counts: Record<WishState, number> = { open: 0, claimed: 0, lit: 0 };
  const items = rows.map((r): WallItem => {
    const state = wishState(r.status, r.handlerKind);
    counts[state]++;
    return {
      publicationId: r.publicationId,
      text: r.text,
      state,
      claimable: r.status === 'assigned' && r.handlerKind === 'board',
      placeName: r.placeKind === 'building' ? `${r.gridName} ${r.placeName}` : r.gridName,
      litBy: r.handlerKind === 'party_member' ? `党员 ${r.memberName ?? ''}`.trim() : r.handlerKind === 'unit' ? (r.unitName ?? null) : null,
      photoIds: r.photoIds ?? [],
      publishedAt: r.publishedAt,
      resolvedAt: state === 'lit' ? r.resolvedAt : null,
    };
  });
  return { items: items.slice(0, limit), counts };
}

export type BoardMonth = { label: string; figures: Figures };

/**
 * 公开栏: this month's and last month's figures of the community, from lib/stats's computeStats over the
 * community's scope, so they equal what the staff statistics page shows for the community.
 */
export async function boardFigures(db: AppDb, community: BoardCommunity, now = new Date()): Promise<BoardMonth[]> {
  const viewer = { kind: 'integration', id: 0, name: '公开栏', scope: { paths: [community.path] } } as const;
  const months: BoardMonth[] = [];
  for (const preset of ['this_month', 'last_month'] as const) {
    const period = resolvePeriod({ period: preset }, now);
    const stats = await computeStats(db, viewer, { from: period.from, to: period.to }, now, { top: 0 });
    months.push({ label: period.label, figures: stats.totals });
  }
  return months;
}

/** The file of a photo on the board: only one staff chose for a publication that is not withdrawn. */
export async function getBoardPhoto(db: AppDb, photoId: number): Promise<{ fileName: string; mime: string } | null> {
  const rows = await db
    .select({ fileName: casePhotos.fileName, mime: casePhotos.mime, photoIds: casePublications.photoIds })
    .from(casePhotos)
    .innerJoin(casePublications, eq(casePublications.caseId, casePhotos.caseId))
    .where(and(eq(casePhotos.id, photoId), isNull(casePublications.withdrawnAt)))
    .orderBy(asc(casePublications.id))
    .limit(1);
  const row = rows[0];
  return row && (row.photoIds ?? []).includes(photoId) ? { fileName: row.fileName, mime: row.mime } : null;
}

/** The case number behind a published, claimable wish (for the claim from the wall), or null. */
export async function claimableWishCase(db: AppDb, publicationId: number): Promise<{ number: string; version: number } | null> {
  const [row] = await db
    .select({ number: cases.number, version: cases.version })
    .from(casePublications)
    .innerJoin(cases, eq(cases.id, casePublications.caseId))
    .where(and(eq(casePublications.id, publicationId), eq(casePublications.kind, 'wish'), isNull(casePublications.withdrawnAt), eq(cases.status, 'assigned'), eq(cases.handlerKind, 'board')))
    .limit(1);
  return row ?? null;
}

/** How many wishes of the community were lit this year, for the poster's headline (the seeds' "点亮 364 个微心愿"). */
export async function litWishesSince(db: AppDb, community: BoardCommunity, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`cast(count(*) as integer)` })
    .from(casePublications)
    .innerJoin(cases, eq(cases.id, casePublications.caseId))
    .where(and(eq(casePublications.kind, 'wish'), isNull(casePublications.withdrawnAt), under(community.path), inArray(cases.status, ['resolved', 'closed']), gte(cases.resolvedAt, since)))
    .limit(1);
  return Number(row?.n ?? 0);
}

/** How long a server keeps a board's figures and wall before reading them again. */
export const BOARD_TTL_MS = 60_000;

type BoardData = { months: BoardMonth[]; wall: Awaited<ReturnType<typeof listWall>> };
const boardCache = new Map<number, { at: number; fingerprint: string; data: Promise<BoardData> }>();

/**
 * What the board page shows, kept per server for BOARD_TTL_MS: the board is the same for every reader, and its figures
 * cost a statistics run. Every request still reads the publications' fingerprint (their count and last change, a few
 * hundred rows at most), so a publication, edit or withdrawal on any server shows on every server's next request;
 * the cases' progress (a wish lit, this month's figures) shows within the minute.
 */
export async function loadBoard(db: AppDb, community: BoardCommunity, now = new Date()): Promise<BoardData> {
  const [f] = await db
    // Every decision sets updated_at to its time: the sum of them changes with each one (a max would not, under a later row).
    .select({ n: sql<number>`cast(count(*) as integer)`, sum: sql<string | null>`cast(sum(${epochMs(casePublications.updatedAt)}) as text)` })
    .from(casePublications);
  const fingerprint = `${f?.n ?? 0}:${f?.sum ?? ''}`;
  const hit = boardCache.get(community.id);
  if (hit && hit.fingerprint === fingerprint && now.getTime() - hit.at < BOARD_TTL_MS) return hit.data;
  const data = (async () => ({ months: await boardFigures(db, community, now), wall: await listWall(db, community, 400) }))();
  boardCache.set(community.id, { at: now.getTime(), fingerprint, data });
  data.catch(() => boardCache.delete(community.id));
  return data;
}
