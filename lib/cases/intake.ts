// Staff intake (登记诉求): who may log requests, what the intake forms send, and logging a stack of slips row by row.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { textSchema } from '@/lib/validation/text';
import type { DB } from '@/db/client';
import type { Store } from '@/db/store';
import { categories, type Role } from '@/db/schema';
import { createCase } from './commands';
import type { Actor } from './lifecycle';
import { clientKeySchema, createCaseSchema } from './schemas';

/** Party members log too: central households collect 社情民意收集卡 while door-knocking. */
export const INTAKE_ROLES = ['grid_worker', 'secretary', 'admin', 'party_member'] as const satisfies readonly Role[];

/** Every channel except 'online', which is the resident's own. */
const staffSource = createCaseSchema.shape.source.exclude(['online'], { error: '请选择来源渠道' });
export const STAFF_SOURCES = staffSource.options;
export type StaffSource = (typeof STAFF_SOURCES)[number];

/**
 * A form's place select sends a string; an empty one deserves a better word than "编号无效".
 * Only strings are trimmed: String() of an arbitrary object from a server action's arguments can
 * throw (e.g. `{ toString: 1 }`), and a parse must refuse, never crash.
 */
const placeSchema = z
  .unknown()
  .refine((v) => (typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null), { error: '请选择楼栋或网格' })
  .pipe(createCaseSchema.shape.nodeId);

/**
 * The single-request form: the shared schema plus the draft's idempotency key, and 当场办结 —
 * a grid worker who fixed it on the spot says what was done; the case needs a category to be accepted.
 */
export const staffCaseSchema = createCaseSchema
  .extend({
    source: staffSource,
    nodeId: placeSchema,
    clientKey: clientKeySchema,
    resolveNow: z.literal('on').optional(),
    resolution: z.string().trim().max(1000, '办理结果不超过 1000 字').optional(),
    /** Logged from a visit (今日走访 → 登记诉求): the visit row links the case. */
    visitId: z.coerce.number({ error: '走访记录无效' }).int('走访记录无效').positive('走访记录无效').max(2_147_483_647, '走访记录无效').optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.resolveNow) return;
    if (v.categoryId === undefined) ctx.addIssue({ code: 'custom', path: ['categoryId'], message: '当场办结请选择事项分类' });
    if (!v.resolution) ctx.addIssue({ code: 'custom', path: ['resolution'], message: '请填写办理结果（做了什么）' });
  })
  .transform(({ resolveNow, resolution, ...rest }) => ({ ...rest, resolution: resolveNow ? resolution : undefined }));
export type StaffCaseInput = z.infer<typeof staffCaseSchema>;

export const MAX_BATCH_ROWS = 50;

/** A typed-in slip as the form holds it; the fields are validated per row by `createCaseSchema`. */
const batchRowSchema = z.object({
  clientKey: clientKeySchema,
  description: textSchema().max(2000).default(''),
  place: textSchema().max(200).default(''),
  residentName: textSchema().max(100).default(''),
  residentPhone: textSchema().max(40).default(''),
});

/** The batch form: one place and source for the whole stack, then the rows. */
export const batchSchema = z.object({
  nodeId: placeSchema,
  source: staffSource,
  rows: z.array(batchRowSchema).min(1, '请至少填写一条诉求').max(MAX_BATCH_ROWS, `每次最多提交 ${MAX_BATCH_ROWS} 条，请分批提交`),
});
export type BatchInput = z.infer<typeof batchSchema>;

export type FieldErrors = Record<string, string[] | undefined>;

export type BatchRowResult =
  | { clientKey: string; ok: true; number: string; replayed: boolean }
  | { clientKey: string; ok: false; message: string; fieldErrors?: FieldErrors };

/**
 * Logs each row in its own write, so one bad slip does not hold back the rest; a retry of the
 * whole batch is safe because every row carries its own client key. The rows are written one
 * after the other, in order (numbers follow the stack of slips).
 */
export async function logBatch(store: Store, actor: Actor, batch: BatchInput, now = new Date()): Promise<BatchRowResult[]> {
  const results: BatchRowResult[] = [];
  for (const row of batch.rows) results.push(await logRow(store, actor, batch, row, now));
  return results;
}

async function logRow(store: Store, actor: Actor, batch: BatchInput, row: BatchInput['rows'][number], now: Date): Promise<BatchRowResult> {
  {
    const parsed = createCaseSchema.safeParse({
      description: row.description,
      source: batch.source,
      nodeId: batch.nodeId,
      place: row.place,
      residentName: row.residentName,
      residentPhone: row.residentPhone,
    });
    if (!parsed.success) {
      return { clientKey: row.clientKey, ok: false, message: '请修改标出的项目', fieldErrors: z.flattenError(parsed.error).fieldErrors };
    }
    const result = await createCase(store, actor, { ...parsed.data, clientKey: row.clientKey }, [], now);
    if (!result.ok) return { clientKey: row.clientKey, ok: false, message: result.message, fieldErrors: result.fieldErrors };
    return { clientKey: row.clientKey, ok: true, number: result.number, replayed: result.replayed === true };
  }
}

export type CategoryChoice = { id: number; name: string; group: string };

export function listActiveCategories(db: DB): CategoryChoice[] {
  return db
    .select({ id: categories.id, name: categories.name, group: categories.group })
    .from(categories)
    .where(eq(categories.active, true))
    .orderBy(asc(categories.sortOrder), asc(categories.id))
    .all();
}
