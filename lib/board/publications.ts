// Moderation of the public board: staff publish a case with a public text and chosen photos, edit it, or withdraw it; each decision is audited.
import { and, asc, eq, ne } from 'drizzle-orm';
import type { AppDb, Store } from '@/db/store';
import { caseEvents, casePhotos, casePublications, cases } from '@/db/tables';
import { writeAudit } from '@/lib/audit/log';
import { isWithinScope } from '@/lib/auth/scope';
import type { AccountActor } from '@/lib/cases/actor';
import { OPEN_STATUSES } from '@/lib/cases/lifecycle';
import type { PublishInput } from './schemas';

export type ModerationResult = { ok: true; publicationId: number } | { ok: false; code: 'not_found' | 'forbidden' | 'invalid_input'; message: string; fieldErrors?: Record<string, string[]> };

/** Who decides what residents see in public: the community's secretaries and the administrator, within their scope. */
export function mayModerate(actor: AccountActor): boolean {
  return actor.role === 'secretary' || actor.role === 'admin';
}

const NOT_FOUND = { ok: false, code: 'not_found', message: '事项不存在，或不在您的管辖范围内。' } as const;

/** The case of `number` if the actor may moderate it; the same "not found" for missing and out of scope. */
async function moderatedCase(db: AppDb, actor: AccountActor, number: string) {
  if (!mayModerate(actor)) return null;
  const [c] = await db
    .select({ id: cases.id, number: cases.number, status: cases.status, nodePath: cases.nodePath, description: cases.description, residentName: cases.residentName, residentPhone: cases.residentPhone, place: cases.place })
    .from(cases)
    .where(eq(cases.number, number))
    .limit(1);
  return c && isWithinScope(actor.scope, c.nodePath) ? c : null;
}

/**
 * Why a public text may not go out: it must be staff's words, never the resident's — not their request text, and
 * nothing of their name, phone or typed place (unit, room).
 */
export function publicTextProblem(text: string, c: { description: string; residentName: string | null; residentPhone: string | null; place: string | null }): string | null {
  const squash = (s: string) => s.replace(/\s+/g, '');
  const t = squash(text);
  if (t === squash(c.description)) return '公开文字不能直接使用居民的原话，请改写为概括性的描述。';
  if (c.residentName && c.residentName.trim().length >= 2 && t.includes(squash(c.residentName))) return '公开文字不能包含居民姓名。';
  if (c.residentPhone && t.includes(c.residentPhone)) return '公开文字不能包含居民电话。';
  if (/1[3-9]\d{9}/.test(t)) return '公开文字不能包含手机号码。';
  if (c.place && c.place.trim().length >= 3 && t.includes(squash(c.place))) return '公开文字不能包含居民填写的具体位置（单元、门牌号）。';
  return null;
}

/** The handler's photos of a case (never the resident's own), which staff may choose to show in public. */
export async function handlerPhotoIds(db: AppDb, caseId: number): Promise<number[]> {
  const rows = await db
    .select({ id: casePhotos.id })
    .from(casePhotos)
    .innerJoin(caseEvents, eq(caseEvents.id, casePhotos.eventId))
    .where(and(eq(casePhotos.caseId, caseId), ne(caseEvents.action, 'submit')))
    .orderBy(asc(casePhotos.id));
  return rows.map((r) => r.id);
}

/** What is published of a case now (withdrawn included, for the staff panel), or null. */
export async function getPublication(db: AppDb, caseId: number) {
  const [row] = await db.select().from(casePublications).where(eq(casePublications.caseId, caseId)).limit(1);
  return row ?? null;
}

/**
 * Publishes a case on the board (a wish on the 心愿墙, or an open request residents can support at its QR code), or
 * changes what is published: one row per case, its text and photos replaced, withdrawn_at cleared. Audited in the same write.
 */
export async function publishCase(store: Store, actor: AccountActor, input: PublishInput, now = new Date()): Promise<ModerationResult> {
  const c = await moderatedCase(store.db, actor, input.number);
  if (!c) return NOT_FOUND;
  if (c.status === 'rejected' || c.status === 'duplicate') return { ok: false, code: 'invalid_input', message: '不予受理或重复的事项不能公开。' };
  if (input.kind === 'request' && !OPEN_STATUSES.includes(c.status)) return { ok: false, code: 'invalid_input', message: '只有尚在办理的诉求可以公开供居民附议。' };
  const problem = publicTextProblem(input.publicText, c);
  if (problem) return { ok: false, code: 'invalid_input', message: problem, fieldErrors: { publicText: [problem] } };
  const allowed = new Set(await handlerPhotoIds(store.db, c.id));
  const photoIds = [...new Set(input.photoIds)];
  if (photoIds.some((id) => !allowed.has(id))) return { ok: false, code: 'invalid_input', message: '只能选择本事项办理人员上传的照片。', fieldErrors: { photoIds: ['只能选择本事项办理人员上传的照片。'] } };

  return store.write(async (tx) => {
    // Two staff at once: the unique case_id keeps one row; the lock orders the audit entries by the row's state.
    await store.lockKey(tx, `publication:${c.id}`);
    const [before] = await tx.select().from(casePublications).where(eq(casePublications.caseId, c.id)).limit(1);
    const values = { kind: input.kind, publicText: input.publicText, photoIds, updatedByAccountId: actor.id, updatedAt: now, withdrawnAt: null, withdrawnByAccountId: null };
    let id: number;
    if (before) {
      await tx.update(casePublications).set(values).where(eq(casePublications.id, before.id));
      id = before.id;
    } else {
      [{ id }] = (await tx
        .insert(casePublications)
        .values({ ...values, caseId: c.id, publishedByAccountId: actor.id, publishedAt: now })
        .returning({ id: casePublications.id })) as [{ id: number }];
    }
    const action = before && before.withdrawnAt === null ? 'update_publication' : 'publish_case';
    await writeAudit(tx, { accountId: actor.id, action, subject: `case:${c.number}`, detail: JSON.stringify({ publication: id, kind: input.kind, text: input.publicText, photoIds }) }, now);
    return { ok: true, publicationId: id };
  });
}

/** Withdraws what is published of a case: it leaves every public page at once (the caller revalidates the board). */
export async function withdrawPublication(store: Store, actor: AccountActor, number: string, now = new Date()): Promise<ModerationResult> {
  const c = await moderatedCase(store.db, actor, number);
  if (!c) return NOT_FOUND;
  return store.write(async (tx) => {
    await store.lockKey(tx, `publication:${c.id}`);
    const [row] = await tx.select({ id: casePublications.id, withdrawnAt: casePublications.withdrawnAt }).from(casePublications).where(eq(casePublications.caseId, c.id)).limit(1);
    if (!row || row.withdrawnAt !== null) return { ok: false, code: 'invalid_input', message: '该事项目前没有公开。' } as const;
    await tx.update(casePublications).set({ withdrawnAt: now, withdrawnByAccountId: actor.id, updatedAt: now, updatedByAccountId: actor.id }).where(eq(casePublications.id, row.id));
    await writeAudit(tx, { accountId: actor.id, action: 'withdraw_publication', subject: `case:${c.number}`, detail: JSON.stringify({ publication: row.id }) }, now);
    return { ok: true, publicationId: row.id };
  });
}
