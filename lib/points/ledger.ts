// The points ledger (积分台账): append-only entries per household; a balance is always the sum of the entries.
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { PointEntryKind } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { accounts, households, pointEntries } from '@/db/tables';
import { writeAudit } from '@/lib/audit/log';
import { withinScope } from '@/lib/auth/scope-sql';
import { idParamSchema } from '@/lib/org/schemas';
import { textSchema } from '@/lib/validation/text';
import { isPointsRole, type PointsActor } from './scope';

/** The balance of one household: the sum of its ledger (0 without entries). */
export async function balanceOf(db: AppDb, householdId: number): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${pointEntries.points}), 0)`.mapWith(Number) })
    .from(pointEntries)
    .where(eq(pointEntries.householdId, householdId));
  return row?.total ?? 0;
}

/** Balances of several households at once (one query); households without entries are 0. */
export async function balancesOf(db: AppDb, householdIds: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>(householdIds.map((id) => [id, 0]));
  if (householdIds.length === 0) return out;
  const rows = await db
    .select({ householdId: pointEntries.householdId, total: sql<number>`sum(${pointEntries.points})`.mapWith(Number) })
    .from(pointEntries)
    .where(inArray(pointEntries.householdId, [...householdIds]))
    .groupBy(pointEntries.householdId);
  for (const r of rows) out.set(r.householdId, r.total);
  return out;
}

export type LedgerEntry = { id: number; kind: PointEntryKind; points: number; reason: string; createdAt: Date; by: string };

/** The newest entries of a household, newest first; `before` pages on by id. */
export async function entriesOf(db: AppDb, householdId: number, { limit = 50, before }: { limit?: number; before?: number } = {}): Promise<LedgerEntry[]> {
  return db
    .select({
      id: pointEntries.id,
      kind: pointEntries.kind,
      points: pointEntries.points,
      reason: pointEntries.reason,
      createdAt: pointEntries.createdAt,
      by: accounts.displayName,
    })
    .from(pointEntries)
    .innerJoin(accounts, eq(accounts.id, pointEntries.accountId))
    .where(and(eq(pointEntries.householdId, householdId), before ? lt(pointEntries.id, before) : undefined))
    .orderBy(desc(pointEntries.id))
    .limit(limit);
}

export type NewEntry = { householdId: number; kind: PointEntryKind; sourceId: number | null; points: number; reason: string; accountId: number };

/** Appends one entry inside the caller's write; returns its id. */
export async function appendEntry(tx: AppDb, entry: NewEntry, now: Date): Promise<number> {
  const [row] = await tx
    .insert(pointEntries)
    .values({ ...entry, createdAt: now })
    .returning({ id: pointEntries.id });
  return row!.id;
}

export const awardSchema = z.object({
  householdId: idParamSchema,
  points: z
    .string({ error: '请填写分值' })
    .trim()
    .regex(/^[+-]?\d{1,4}$/, '分值须为整数，扣分请写负数，如 -5')
    .transform(Number)
    .pipe(z.number().int().min(-1000, '一次最多扣1000分').max(1000, '一次最多加1000分').refine((n) => n !== 0, '分值不能为0')),
  reason: textSchema({ error: '请填写原因' }).trim().min(2, '请写明加分或扣分的原因').max(100, '原因不超过100字'),
});
export type AwardInput = z.infer<typeof awardSchema>;

export type AwardResult = { ok: true; balance: number; message: string } | { ok: false; code: 'not_found' | 'invalid_input'; message: string; fieldErrors?: Record<string, string[]> };

/**
 * A staff award or deduction with its reason, for a household of the actor's scope. A deduction may not take the
 * balance below zero (checked under a lock on the household, as a redemption does).
 */
export async function awardPoints(store: Store, actor: PointsActor, input: AwardInput, now = new Date()): Promise<AwardResult> {
  if (!isPointsRole(actor.role)) return { ok: false, code: 'not_found', message: '找不到该住户。' };
  return store.write(async (tx) => {
    const [household] = await tx
      .select({ id: households.id })
      .from(households)
      .where(and(eq(households.id, input.householdId), withinScope(households.nodePath, actor.scope)))
      .limit(1);
    if (!household) return { ok: false, code: 'not_found', message: '找不到该住户。' };
    await store.lockKey(tx, `points:household:${household.id}`);
    const balance = await balanceOf(tx, household.id);
    if (balance + input.points < 0) {
      const message = `扣分后积分将为负数（现有 ${balance} 分）`;
      return { ok: false, code: 'invalid_input', message, fieldErrors: { points: [message] } };
    }
    const entryId = await appendEntry(tx, { householdId: household.id, kind: 'manual', sourceId: null, points: input.points, reason: input.reason, accountId: actor.id }, now);
    await writeAudit(tx, { accountId: actor.id, action: 'award_points', subject: `household:${household.id}`, detail: JSON.stringify({ entryId, points: input.points, reason: input.reason }) }, now);
    const after = balance + input.points;
    return { ok: true, balance: after, message: `${input.points > 0 ? '已加' : '已扣'} ${Math.abs(input.points)} 分，现有 ${after} 分` };
  });
}

/** A household of the scope for the points pages: its address and path (for its community's goods), or null. */
export async function pointsHousehold(db: AppDb, scope: PointsActor['scope'], householdId: number): Promise<{ id: number; address: string; nodePath: string } | null> {
  const [row] = await db
    .select({ id: households.id, address: households.address, nodePath: households.nodePath })
    .from(households)
    .where(and(eq(households.id, householdId), withinScope(households.nodePath, scope)))
    .limit(1);
  return row ?? null;
}
