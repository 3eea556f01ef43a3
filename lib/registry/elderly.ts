// The 80岁以上 register, computed from residents' dates of birth on a given day (never stored), so it stays right as time passes.
import { and, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { AppDb } from '@/db/store';
import { households, persons } from '@/db/tables';
import { bornOnOrBefore, isoDate } from './identity';

export const ELDERLY_AGE = 80;
export const ELDERLY_TAG = 'elderly_80' as const;

/** Today in China's calendar: the day every page computes the register for. */
export function registerDay(now = new Date()): string {
  return isoDate(now);
}

/** The latest date of birth that puts a resident in the register on `today`. */
export function elderlyCutoff(today: string): string {
  return bornOnOrBefore(ELDERLY_AGE, today);
}

/**
 * Who counts: a resident still living in the household (not moved out, not deceased), born on
 * or before the cut-off. Households that moved away are left out by the callers' household filters.
 */
export function isElderlyResident(today: string): SQL {
  return and(eq(persons.status, 'present'), lte(persons.birthDate, elderlyCutoff(today)))!;
}

/** SQL: the household in `householdId` has a resident aged 80 or more on `today` (uses the persons_household index). */
export function hasElderlyResident(householdId: SQLiteColumn, today: string): SQL {
  return sql`EXISTS (SELECT 1 FROM ${persons} WHERE ${persons.householdId} = ${householdId} AND ${persons.status} = 'present' AND ${persons.birthDate} <= ${elderlyCutoff(today)})`;
}

/** Of these households, the ones in the register on `today`; one query, whatever their number. */
export async function elderlyHouseholdIds(db: Pick<AppDb, 'selectDistinct'>, householdIds: readonly number[], today: string): Promise<Set<number>> {
  if (householdIds.length === 0) return new Set();
  const out = new Set<number>();
  // Both engines cap bound parameters (SQLite 32,766, PostgreSQL 65,535); chunk long lists.
  for (let i = 0; i < householdIds.length; i += 5000) {
    const rows = await db
      .selectDistinct({ id: persons.householdId })
      .from(persons)
      .where(and(inArray(persons.householdId, householdIds.slice(i, i + 5000)), isElderlyResident(today)));
    for (const r of rows) if (r.id !== null) out.add(r.id);
  }
  return out;
}

/** A household's tags for display: the stored ones plus 80岁以上 when it applies on `today`, the computed one first. */
export function withElderlyTag(stored: readonly string[], elderly: boolean): string[] {
  const rest = stored.filter((t) => t !== ELDERLY_TAG);
  return elderly ? [ELDERLY_TAG, ...rest] : rest;
}

/** Households that count in the registry's figures: occupied ones (vacant flats and households that moved away keep their history only). */
export const countedHousehold = () => eq(households.status, 'occupied');
