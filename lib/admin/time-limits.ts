// Editing the time limits (限时办理) per category and urgency; admin only, checked by the caller.
import { z } from 'zod';
import { URGENCIES, type Urgency } from '@/db/schema';
import type { Store } from '@/db/store';
import { categories, timeLimits } from '@/db/tables';
import { writeAudit } from '@/lib/audit/log';
import { DEFAULT_LIMITS } from '@/lib/cases/due';
import { URGENCY_LABELS } from '@/lib/cases/labels';

const hours = (label: string) =>
  z.coerce.number({ error: `${label}须为数字` }).int(`${label}须为整数小时`).min(1, `${label}至少 1 小时`).max(24 * 90, `${label}不超过 2160 小时`);

export const timeLimitSchema = z
  .object({
    categoryId: z.coerce.number().int().positive(),
    urgency: z.enum(URGENCIES),
    acceptHours: hours('受理时限'),
    resolveHours: hours('办结时限'),
  })
  .refine((v) => v.resolveHours >= v.acceptHours, { message: '办结时限不能短于受理时限', path: ['resolveHours'] });

export type TimeLimitInput = z.infer<typeof timeLimitSchema> & {
  /** The values the form showed when it was opened: an untouched cell is never written, and a cell someone else changed meanwhile is a conflict. */
  shown?: { acceptHours: number; resolveHours: number };
};

/** One cell of the limits table: its form fields are `accept.<categoryId>.<urgency>` and `resolve.<categoryId>.<urgency>`. */
export const cellKey = (categoryId: number, urgency: Urgency) => `${categoryId}.${urgency}`;
const FIELD = /^(accept|resolve)\.(\d{1,9})\.(normal|urgent)$/;
/** The hidden twin of each field: `was.accept.<categoryId>.<urgency>`, the value shown when the page was opened. */
const SHOWN_FIELD = /^was\.(accept|resolve)\.(\d{1,9})\.(normal|urgent)$/;

export type LimitsParse = { ok: true; limits: TimeLimitInput[] } | { ok: false; cellErrors: Record<string, string> };

/**
 * The whole table from the form. Every cell is checked before anything is written: one bad
 * cell refuses the lot, with a Chinese message for each bad cell.
 */
export function parseLimitsForm(entries: Iterable<[string, FormDataEntryValue]>): LimitsParse {
  const cells = new Map<string, { categoryId: string; urgency: string; acceptHours?: string; resolveHours?: string }>();
  const shown = new Map<string, { acceptHours?: number; resolveHours?: number }>();
  for (const [name, value] of entries) {
    const was = SHOWN_FIELD.exec(name);
    if (was && typeof value === 'string') {
      const [, which, categoryId, urgency] = was as unknown as [string, 'accept' | 'resolve', string, string];
      const n = Number(value);
      if (!Number.isInteger(n)) continue;
      const key = `${categoryId}.${urgency}`;
      shown.set(key, { ...shown.get(key), [which === 'accept' ? 'acceptHours' : 'resolveHours']: n });
      continue;
    }
    const m = FIELD.exec(name);
    if (!m || typeof value !== 'string') continue;
    const [, which, categoryId, urgency] = m as unknown as [string, 'accept' | 'resolve', string, string];
    const key = `${categoryId}.${urgency}`;
    const cell = cells.get(key) ?? { categoryId, urgency };
    cell[which === 'accept' ? 'acceptHours' : 'resolveHours'] = value.trim();
    cells.set(key, cell);
  }
  if (cells.size === 0) return { ok: false, cellErrors: { form: '没有收到任何时限' } };
  const limits: TimeLimitInput[] = [];
  const cellErrors: Record<string, string> = {};
  for (const [key, cell] of cells) {
    const parsed = timeLimitSchema.safeParse({ ...cell, acceptHours: cell.acceptHours || undefined, resolveHours: cell.resolveHours || undefined });
    const was = shown.get(key);
    if (parsed.success) limits.push(was?.acceptHours !== undefined && was.resolveHours !== undefined ? { ...parsed.data, shown: { acceptHours: was.acceptHours, resolveHours: was.resolveHours } } : parsed.data);
    else cellErrors[key] = parsed.error.issues.map((i) => (i.code === 'invalid_type' ? `${i.path[0] === 'acceptHours' ? '受理' : '办结'}时限未填写` : i.message)).join('；');
  }
  return Object.keys(cellErrors).length > 0 ? { ok: false, cellErrors } : { ok: true, limits };
}

export type LimitChange = { categoryName: string; urgencyLabel: string; before: { acceptHours: number; resolveHours: number }; after: { acceptHours: number; resolveHours: number } };

/**
 * Saves the cells that differ from what is stored, in one transaction with an audit row per
 * changed cell (before → after), and says which they were.
 * New deadlines use them from the next step on; running deadlines stay as they were.
 */
export async function saveTimeLimits(
  store: Store,
  accountId: number,
  inputs: readonly TimeLimitInput[],
  now = new Date(),
): Promise<{ ok: true; changes: LimitChange[] } | { ok: false; message: string }> {
  return store.write(async (tx) => {
    // The conflict check below compares with what is stored: two admins saving at once must not both pass it.
    await store.lockKey(tx, 'time-limits');
    const names = new Map((await tx.select({ id: categories.id, name: categories.name }).from(categories)).map((c) => [c.id, c.name]));
    if (inputs.some((i) => !names.has(i.categoryId))) return { ok: false as const, message: '分类不存在，请刷新页面后重试。' };
    const stored = new Map((await tx.select().from(timeLimits)).map((l) => [cellKey(l.categoryId, l.urgency), l]));
    const changes: LimitChange[] = [];
    const same = (a: { acceptHours: number; resolveHours: number }, b: { acceptHours: number; resolveHours: number }) => a.acceptHours === b.acceptHours && a.resolveHours === b.resolveHours;
    const storedOf = (input: TimeLimitInput) => stored.get(cellKey(input.categoryId, input.urgency)) ?? DEFAULT_LIMITS[input.urgency];
    // A cell this person edited that someone else changed since the page was opened: save nothing, say which.
    const overtaken = inputs.find((i) => i.shown && !same(i, i.shown) && !same(storedOf(i), i.shown) && !same(storedOf(i), i));
    if (overtaken) {
      const now = storedOf(overtaken);
      return {
        ok: false as const,
        message: `${names.get(overtaken.categoryId)}（${URGENCY_LABELS[overtaken.urgency]}）的时限刚被他人改为受理 ${now.acceptHours} / 办结 ${now.resolveHours} 小时，未保存任何修改。请刷新页面后再改。`,
      };
    }
    for (const input of inputs) {
      const before = storedOf(input);
      // Untouched in this form (as shown when opened): another person's concurrent change to it stays.
      if (input.shown && same(input, input.shown)) continue;
      if (same(before, input)) continue;
      const { shown: _shown, ...values } = input;
      await tx
        .insert(timeLimits)
        .values(values)
        .onConflictDoUpdate({ target: [timeLimits.categoryId, timeLimits.urgency], set: { acceptHours: input.acceptHours, resolveHours: input.resolveHours } });
      const after = { acceptHours: input.acceptHours, resolveHours: input.resolveHours };
      const detail = { category: names.get(input.categoryId)!, urgency: input.urgency, before: { acceptHours: before.acceptHours, resolveHours: before.resolveHours }, after };
      await writeAudit(tx, { accountId, action: 'update_time_limit', subject: `time_limit:${input.categoryId}:${input.urgency}`, detail: JSON.stringify(detail) }, now);
      changes.push({
        categoryName: names.get(input.categoryId)!,
        urgencyLabel: URGENCY_LABELS[input.urgency],
        before: { acceptHours: before.acceptHours, resolveHours: before.resolveHours },
        after: { acceptHours: input.acceptHours, resolveHours: input.resolveHours },
      });
    }
    return { ok: true as const, changes };
  });
}
