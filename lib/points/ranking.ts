// The monthly ranking of a community's households by points earned, for the public page: names masked (龙盛华庭3号楼 王**家).
import { and, asc, desc, eq, gte, inArray, like, lt, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { AppDb } from '@/db/store';
import { households, orgNodes, persons, pointEntries } from '@/db/tables';

const place = alias(orgNodes, 'place');
const parent = alias(orgNodes, 'parent');

/** 'YYYY-MM' → the first instants of that month and of the next, China time (UTC+8). */
export function chinaMonthRange(month: string): { start: Date; end: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { start: new Date(Date.UTC(y, m - 1, 1, -8)), end: new Date(Date.UTC(y, m, 1, -8)) };
}

/** The China-time month of an instant, 'YYYY-MM'. */
export function chinaMonth(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** 王建国 → 王**家: the family name only. */
export function maskedFamily(name: string | null | undefined): string {
  const surname = (name ?? '').trim().slice(0, 1);
  return surname ? `${surname}**家` : '**家';
}

export type PublicHouseholdLabel = { householdId: number; label: string };

/**
 * "龙盛华庭3号楼 王**家" for each household: the grid and building (not the unit or room) and the family name of
 * the head of household (or the first resident on record). Nothing more leaves for a public page.
 */
export async function publicLabels(db: AppDb, householdIds: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (householdIds.length === 0) return out;
  const places = await db
    .select({ id: households.id, placeName: place.name, placeKind: place.kind, parentName: parent.name })
    .from(households)
    .innerJoin(place, eq(place.id, households.nodeId))
    .leftJoin(parent, eq(parent.id, place.parentId))
    .where(inArray(households.id, [...householdIds]));
  const people = await db
    .select({ householdId: persons.householdId, name: persons.name, relation: persons.relation })
    .from(persons)
    .where(and(inArray(persons.householdId, [...householdIds]), eq(persons.status, 'present')))
    .orderBy(asc(persons.householdId), asc(persons.id));
  const headOf = new Map<number, string>();
  for (const p of people) if (p.householdId !== null && p.relation === 'head' && !headOf.has(p.householdId)) headOf.set(p.householdId, p.name);
  for (const p of people) if (p.householdId !== null && !headOf.has(p.householdId)) headOf.set(p.householdId, p.name);
  for (const h of places) {
    const where = h.placeKind === 'building' ? `${h.parentName ?? ''}${h.placeName}` : h.placeName;
    out.set(h.id, `${where} ${maskedFamily(headOf.get(h.id))}`);
  }
  return out;
}

export type RankingRow = { rank: number; label: string; points: number };

/**
 * The households of a community by points earned in a China-time month (activities, claims and awards, less
 * deductions; redemptions spend points and do not count), most first; equal totals share a rank.
 */
export async function monthlyRanking(db: AppDb, communityPath: string, month: string, limit = 20): Promise<RankingRow[]> {
  const { start, end } = chinaMonthRange(month);
  const total = sql<number>`sum(${pointEntries.points})`.mapWith(Number);
  const rows = await db
    .select({ householdId: pointEntries.householdId, points: total })
    .from(pointEntries)
    .innerJoin(households, eq(households.id, pointEntries.householdId))
    .where(and(like(households.nodePath, `${communityPath}%`), ne(pointEntries.kind, 'redemption'), gte(pointEntries.createdAt, start), lt(pointEntries.createdAt, end)))
    .groupBy(pointEntries.householdId)
    .having(sql`sum(${pointEntries.points}) > 0`)
    .orderBy(desc(total), asc(pointEntries.householdId))
    .limit(limit);
  const labels = await publicLabels(db, rows.map((r) => r.householdId));
  let rank = 0;
  let previous: number | null = null;
  return rows.map((r, i) => {
    if (r.points !== previous) rank = i + 1;
    previous = r.points;
    return { rank, label: labels.get(r.householdId) ?? '**家', points: r.points };
  });
}
