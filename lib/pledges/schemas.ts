// The pledge forms' input (党员每月一件事), one zod schema per form, with Chinese messages; actions and tests share them.
import { z } from 'zod';
import { PLEDGE_EVALUATIONS, PLEDGE_GROUPS } from '@/db/schema';
import { monthSchema } from '@/lib/desk/month';
import { idParamSchema } from '@/lib/org/schemas';
import { daySchema } from '@/lib/validation/dates';
import { textSchema } from '@/lib/validation/text';

const id = (message: string) => z.preprocess((v) => (v === '' || v === undefined ? undefined : v), idParamSchema.optional()).refine((v) => v !== undefined, message) as z.ZodType<number>;
const optionalText = (max: number, message: string) =>
  textSchema()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => (v ? v : null));

const group = z.enum(PLEDGE_GROUPS, { error: '请选择事项类别' });

export const createItemSchema = z.object({
  nodeId: id('请选择适用的社区或支部'),
  title: textSchema({ error: '请填写事项名称' }).trim().min(2, '事项名称至少2个字').max(60, '事项名称不超过60字'),
  description: optionalText(500, '事项说明不超过500字'),
  group,
  place: optionalText(60, '地点不超过60字'),
  dueOn: z.preprocess((v) => (v === '' ? undefined : v), daySchema.optional()).transform((v) => v ?? null),
});
export type CreateItemInput = z.infer<typeof createItemSchema>;

export const setItemActiveSchema = z.object({ itemId: id('事项无效'), active: z.enum(['true', 'false'], { error: '操作无效' }).transform((v) => v === 'true') });

/** What a member pledges: an item of the list, or a commitment of their own (the request claim goes through the case). */
export const pledgeSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('item'), itemId: id('请选择要认领的事项') }),
    z.object({
      kind: z.literal('own'),
      title: textSchema({ error: '请写下您的承诺' }).trim().min(4, '承诺内容至少4个字').max(60, '承诺内容不超过60字'),
      description: optionalText(500, '说明不超过500字'),
      group,
    }),
  ],
  { error: '请选择承诺方式' },
);
export type PledgeInput = z.infer<typeof pledgeSchema>;

/** The secretary recording a pledge for a member: the same choices plus the member. */
export const recordPledgeSchema = z.object({ partyMemberId: id('请选择党员') });

export const reviewSchema = z.object({
  pledgeId: id('承诺无效'),
  approve: z.enum(['true', 'false'], { error: '请选择通过或不通过' }).transform((v) => v === 'true'),
  note: optionalText(200, '审核意见不超过200字'),
});

export const progressSchema = z.object({
  pledgeId: id('承诺无效'),
  note: textSchema({ error: '请填写进展' }).trim().min(2, '进展至少2个字').max(300, '进展不超过300字'),
});

export const evaluateSchema = z.object({
  pledgeId: id('承诺无效'),
  evaluation: z.enum(PLEDGE_EVALUATIONS, { error: '请选择评议结果：完成、部分完成或未完成' }),
  comment: optionalText(200, '评议意见不超过200字'),
});
export type EvaluateInput = z.infer<typeof evaluateSchema>;

export const remindSchema = z.object({ month: monthSchema });

export const yearSchema = z.coerce.number({ error: '年份无效' }).int('年份无效').min(2000, '年份无效').max(2100, '年份无效');
