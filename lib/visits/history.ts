// A household's visit history (民情账本), newest first, and one visit read back for logging a request from it.
import { and, desc, eq } from 'drizzle-orm';
import type { AppDb } from '@/db/store';
import { accounts, cases, households, visits } from '@/db/tables';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';

export type VisitEntry = {
  id: number;
  visitedAt: Date;
  visitorName: string;
  met: string | null;
  notes: string | null;
  observations: string | null;
  hasPhoto: boolean;
  caseNumber: string | null;
};

/** The household's visits when `scope` covers it (the caller has checked the household; this checks again in SQL). */
export async function householdVisits(db: AppDb, scope: Scope, householdId: number, limit = 50): Promise<VisitEntry[]> {
  const rows = await db
    .select({
      id: visits.id,
      visitedAt: visits.visitedAt,
      visitorName: accounts.displayName,
      met: visits.met,
      notes: visits.notes,
      observations: visits.observations,
      photo: visits.photoFileName,
      caseNumber: cases.number,
    })
    .from(visits)
    .innerJoin(households, eq(households.id, visits.householdId))
    .innerJoin(accounts, eq(accounts.id, visits.accountId))
    .leftJoin(cases, eq(cases.id, visits.caseId))
    .where(and(eq(visits.householdId, householdId), withinScope(households.nodePath, scope)))
    .orderBy(desc(visits.visitedAt), desc(visits.id))
    .limit(limit);
  return rows.map(({ photo, ...v }) => ({ ...v, hasPhoto: photo !== null }));
}

export type VisitForIntake = { visitId: number; caseNumber: string | null; household: { id: number; nodeId: number; address: string } };

/** A visit whose household `scope` covers, with what the intake form prefills; null when missing or out of scope. */
export async function visitForIntake(db: AppDb, scope: Scope, visitId: number): Promise<VisitForIntake | null> {
  const [row] = await db
    .select({ visitId: visits.id, householdId: households.id, nodeId: households.nodeId, address: households.address, caseNumber: cases.number })
    .from(visits)
    .innerJoin(households, eq(households.id, visits.householdId))
    .leftJoin(cases, eq(cases.id, visits.caseId))
    .where(and(eq(visits.id, visitId), withinScope(households.nodePath, scope)))
    .limit(1);
  if (!row) return null;
  return { visitId: row.visitId, caseNumber: row.caseNumber, household: { id: row.householdId, nodeId: row.nodeId, address: row.address } };
}

/** The stored photo of a visit whose household `scope` covers, or null. */
export async function visitPhotoInScope(db: AppDb, scope: Scope, visitId: number): Promise<{ fileName: string } | null> {
  const [row] = await db
    .select({ fileName: visits.photoFileName })
    .from(visits)
    .innerJoin(households, eq(households.id, visits.householdId))
    .where(and(eq(visits.id, visitId), withinScope(households.nodePath, scope)))
    .limit(1);
  return row?.fileName ? { fileName: row.fileName } : null;
}
