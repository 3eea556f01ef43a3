// A household's printed points card (户积分卡): its QR code encodes a link with a random token, nothing personal.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AppDb, Store } from '@/db/store';
import { householdCards, households } from '@/db/tables';
import { writeAudit } from '@/lib/audit/log';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';
import { isPointsRole, type PointsActor } from './scope';

/** 20 characters of base32 (100 bits): unguessable, and short enough to type from the card when a camera fails. */
export function newCardToken(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  let out = '';
  for (const b of bytes) out += alphabet[b % 32];
  return out;
}

/** The path a card's QR code opens (joined to the public base address when printed). */
export function cardPath(token: string): string {
  return `/k/${token}`;
}

/** The token in what a scanner or a person gives us: the card's whole link, or the token itself, any case, spaces ignored. */
export function tokenFromScan(scanned: string): string | null {
  const text = scanned.trim();
  const fromLink = /\/k\/([A-Za-z0-9]+)\/?(?:[?#].*)?$/.exec(text);
  const token = (fromLink ? fromLink[1]! : text.replace(/[\s-]/g, '')).toUpperCase();
  return /^[A-Z0-9]{20}$/.test(token) ? token : null;
}

/** The household a card (or its scanned link) belongs to, or null. */
export async function householdOfCard(db: AppDb, scanned: string): Promise<number | null> {
  const token = tokenFromScan(scanned);
  if (!token) return null;
  const [row] = await db.select({ householdId: householdCards.householdId }).from(householdCards).where(eq(householdCards.token, token)).limit(1);
  return row?.householdId ?? null;
}

/** The current card of a household of the actor's scope (null: none issued yet). */
export async function cardOf(db: AppDb, householdId: number): Promise<{ token: string; issuedAt: Date } | null> {
  const [row] = await db.select({ token: householdCards.token, issuedAt: householdCards.issuedAt }).from(householdCards).where(eq(householdCards.householdId, householdId)).limit(1);
  return row ?? null;
}

/** Issues a card (or reissues one: the old card stops working) for a household of the actor's scope. */
export async function issueCard(store: Store, actor: PointsActor, householdId: number, now = new Date()): Promise<{ ok: true; token: string } | { ok: false; code: 'not_found'; message: string }> {
  if (!isPointsRole(actor.role)) return { ok: false, code: 'not_found', message: '找不到该住户。' };
  return store.write(async (tx) => {
    const [household] = await tx
      .select({ id: households.id })
      .from(households)
      .where(and(eq(households.id, householdId), withinScope(households.nodePath, actor.scope)))
      .limit(1);
    if (!household) return { ok: false as const, code: 'not_found' as const, message: '找不到该住户。' };
    const token = newCardToken();
    const reissued = (await cardOf(tx, household.id)) !== null;
    await tx
      .insert(householdCards)
      .values({ householdId: household.id, token, issuedAt: now, issuedByAccountId: actor.id })
      .onConflictDoUpdate({ target: householdCards.householdId, set: { token, issuedAt: now, issuedByAccountId: actor.id } });
    await writeAudit(tx, { accountId: actor.id, action: 'issue_household_card', subject: `household:${household.id}`, detail: reissued ? '补办（旧卡作废）' : '首次发卡' }, now);
    return { ok: true as const, token };
  });
}

/** The household of a card (or its scanned link) when the household is in `scope`, else null. */
export async function householdOfCardInScope(db: AppDb, scope: Scope, scanned: string): Promise<number | null> {
  const token = tokenFromScan(scanned);
  if (!token) return null;
  const [row] = await db
    .select({ householdId: householdCards.householdId })
    .from(householdCards)
    .innerJoin(households, eq(households.id, householdCards.householdId))
    .where(and(eq(householdCards.token, token), withinScope(households.nodePath, scope)))
    .limit(1);
  return row?.householdId ?? null;
}

/** The token printed under the code, in groups of four for reading aloud and typing: ABCD EFGH …. */
export function groupedToken(token: string): string {
  return token.replace(/(.{4})(?=.)/g, '$1 ');
}
