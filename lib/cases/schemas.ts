// What the request forms, server actions and /api/v1 accept: one set of zod schemas for all of them.
import { z } from 'zod';
import { CASE_SOURCES, CASE_STATUSES, RATINGS, URGENCIES } from '@/db/schema';

const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((s) => (s ? s : undefined));

export const phoneSchema = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请输入 11 位手机号码');

const optionalPhone = z
  .union([z.literal(''), phoneSchema])
  .optional()
  .transform((s) => (s ? s : undefined));

const id = z.coerce.number({ error: '编号无效' }).int('编号无效').positive('编号无效').max(2_147_483_647, '编号无效');

export const descriptionSchema = z
  .string({ error: '请填写诉求内容' })
  .trim()
  .min(2, '请填写诉求内容（至少 2 个字）')
  .max(1000, '诉求内容不超过 1000 字');

/** A case logged by staff or another system, at a building or grid they cover. */
export const createCaseSchema = z.object({
  description: descriptionSchema,
  source: z.enum(CASE_SOURCES, { error: '请选择来源渠道' }),
  nodeId: id,
  householdId: id.optional(),
  categoryId: id.optional(),
  urgency: z.enum(URGENCIES, { error: '紧急程度无效' }).default('normal'),
  place: optionalText(100, '地点不超过 100 字'),
  residentName: optionalText(20, '姓名不超过 20 字'),
  residentPhone: optionalPhone,
});
export type CreateCaseInput = z.infer<typeof createCaseSchema>;

/** A resident's own submission from a QR code: the location comes from the code. */
export const publicSubmitSchema = z
  .object({
    description: descriptionSchema,
    categoryId: id.optional(),
    place: optionalText(100, '地点不超过 100 字'),
    residentName: optionalText(20, '姓名不超过 20 字'),
    residentPhone: optionalPhone,
    wantsCallback: z
      .union([z.literal('on'), z.literal('true'), z.boolean()])
      .optional()
      .transform((v) => v === true || v === 'on' || v === 'true'),
  })
  .refine((v) => !v.wantsCallback || Boolean(v.residentPhone), { message: '需要回访时请留下手机号码', path: ['residentPhone'] });
export type PublicSubmitInput = z.infer<typeof publicSubmitSchema>;

/** "2026-11-24T18:00" from a datetime-local input is China time; full ISO strings pass as they are. */
const chinaDate = z.preprocess(
  (v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00+08:00` : v === '' ? undefined : v),
  z.coerce.date({ error: '时间格式无效' }).optional(),
);

const note = optionalText(500, '说明不超过 500 字');
const reason = z.string({ error: '请填写原因' }).trim().min(2, '请填写原因（至少 2 个字）').max(500, '原因不超过 500 字');
const requiredNote = z.string({ error: '请填写说明' }).trim().min(2, '请填写说明（至少 2 个字）').max(1000, '说明不超过 1000 字');

export const caseNumberSchema = z
  .string({ error: '请填写事项编号' })
  .trim()
  .regex(/^YH\d{8}-\d{4,}$/, '事项编号格式应如 YH20261124-0001');

/** One lifecycle action; `version` is the case version the actor saw (optimistic check). */
export const actionSchema = z.intersection(
  z.object({ version: z.coerce.number({ error: '缺少版本号' }).int().min(0) }),
  z.discriminatedUnion(
    'action',
    [
      z.object({ action: z.literal('accept'), categoryId: id, urgency: z.enum(URGENCIES).default('normal'), note }),
      z.object({ action: z.literal('reject'), reason }),
      z.object({ action: z.literal('mark_duplicate'), duplicateOf: caseNumberSchema, note }),
      z.object({ action: z.literal('handle_self'), note }),
      z.object({ action: z.literal('assign_worker'), accountId: id, note }),
      z.object({ action: z.literal('post_to_board'), note }),
      z.object({ action: z.literal('claim'), note }),
      z.object({ action: z.literal('hand_to_unit'), unitId: id, note }),
      z.object({ action: z.literal('escalate'), reason, unitId: id.optional() }),
      z.object({ action: z.literal('sign'), note }),
      z.object({ action: z.literal('return'), reason }),
      z.object({ action: z.literal('progress'), note: requiredNote }),
      z.object({
        action: z.literal('request_extension'),
        hours: z.coerce.number({ error: '请填写延期小时数' }).int('延期小时数须为整数').min(1, '至少延期 1 小时').max(720, '最多延期 720 小时'),
        reason,
      }),
      z.object({
        action: z.literal('decide_extension'),
        grant: z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true'),
        note,
      }),
      z.object({ action: z.literal('resolve'), note: requiredNote }),
      z.object({ action: z.literal('rate'), rating: z.enum(RATINGS, { error: '请选择评价' }), comment: optionalText(500, '评价不超过 500 字') }),
      z.object({ action: z.literal('supervise'), note: requiredNote, dueAt: chinaDate }),
    ],
    { error: '不支持的操作' },
  ),
);
export type ActionRequest = z.infer<typeof actionSchema>;

/** A resident's rating through the private link. */
export const publicRateSchema = z.object({
  rating: z.enum(RATINGS, { error: '请选择评价' }),
  comment: optionalText(500, '评价不超过 500 字'),
});

const flag = z
  .union([z.boolean(), z.enum(['1', 'true', '0', 'false'])])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === true || v === '1' || v === 'true'));

/** Filters for case lists, from a query string. */
export const caseListQuerySchema = z.object({
  status: z
    .union([z.enum(CASE_STATUSES), z.array(z.enum(CASE_STATUSES))])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v])),
  source: z.enum(CASE_SOURCES).optional(),
  categoryId: id.optional(),
  gridId: id.optional(),
  overdue: flag,
  supervised: flag,
  page: z.coerce.number().int().min(1, '页码从 1 开始').max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '每页最多 100 条').default(20),
});
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;
