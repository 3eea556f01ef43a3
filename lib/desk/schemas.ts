// What the queue's bulk actions accept: the selected rows (each with the version shown) and one action.
import { z } from 'zod';
import { textSchema } from '@/lib/validation/text';
import { chinaDateTimeSchema } from '@/lib/validation/dates';
import { URGENCIES } from '@/db/schema';

export const BULK_MAX = 100;

const id = z.coerce.number({ error: '编号无效' }).int('编号无效').positive('编号无效').max(2_147_483_647, '编号无效');

/** "YH20261124-0007:3": the case number and the version the secretary was looking at. */
const item = z
  .string()
  .regex(/^YH\d{8}-\d{4,}:\d{1,9}$/, '所选事项无效，请刷新页面')
  .transform((s) => {
    const [number, version] = s.split(':');
    return { number: number!, version: Number(version) };
  });

/** A datetime-local value ("2026-11-24T18:00") is China time. */
const chinaDateTime = chinaDateTimeSchema;

const items = z
  .array(item, { error: '请先勾选事项' })
  .min(1, '请先勾选事项')
  .max(BULK_MAX, `一次最多处理 ${BULK_MAX} 件`)
  .refine((list) => new Set(list.map((i) => i.number)).size === list.length, '同一事项被重复选择');

const note = textSchema()
  .trim()
  .max(500, '说明不超过 500 字')
  .transform((s) => s || undefined)
  .optional();

export const bulkActionSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('accept'), items, categoryId: id, urgency: z.enum(URGENCIES, { error: '请选择紧急程度' }).default('normal'), note }),
    z.object({ action: z.literal('assign_worker'), items, accountId: id, note }),
    z.object({ action: z.literal('post_to_board'), items, note }),
    z.object({
      action: z.literal('supervise'),
      items,
      note: textSchema({ error: '请填写督办意见' }).trim().min(2, '请填写督办意见（至少 2 个字）').max(1000, '督办意见不超过 1000 字'),
      dueAt: chinaDateTime,
    }),
  ],
  { error: '请选择要执行的批量操作' },
);

export type BulkActionInput = z.infer<typeof bulkActionSchema>;
export const BULK_ACTIONS = ['accept', 'assign_worker', 'post_to_board', 'supervise'] as const;
