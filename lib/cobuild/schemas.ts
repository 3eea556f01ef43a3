// The 大党委 forms' input: every field from outside checked here, with the Chinese messages the forms show.
import { z } from 'zod';
import { RESOURCE_KINDS } from '@/db/schema';
import { PHONE_PATTERN } from '@/lib/registry/identity';
import { textSchema } from '@/lib/validation/text';
import { PROJECT_ACTIONS } from './rules';

const id = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .transform(Number)
    .pipe(z.number().int(message).positive(message).max(2_147_483_647, message));

const optionalId = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return n;
    });

const optionalText = (max: number, message: string) =>
  textSchema()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v));

/** A calendar date as the date input sends it; a day that does not exist (2026-02-30) is refused. */
export const dateSchema = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, message)
    .refine((v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
    }, message);

const optionalDate = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v))
    .pipe(dateSchema(message).nullable());

const optionalPhone = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === undefined || v === '' ? null : v.replace(/[\s()（）]/g, '')))
  .refine((v) => v === null || PHONE_PATTERN.test(v), { message: '电话号码格式不正确（11位手机号或带区号的座机）' });

/** Case numbers typed or ticked: any separator; each one checked against the case-number format. */
export const caseNumbersSchema = z
  .array(z.string())
  .default([])
  .transform((values) => [...new Set(values.flatMap((v) => v.split(/[\s,，、;；]+/)).map((v) => v.trim().toUpperCase()).filter(Boolean))])
  .pipe(z.array(z.string().regex(/^YH\d{8}-\d{4,}$/, '事项编号格式应如 YH20261124-0001')).max(50, '一次最多归集50件诉求'));

const ids = (message: string) =>
  z
    .array(z.string())
    .default([])
    .transform((values) => [...new Set(values.filter((v) => v !== ''))])
    .pipe(z.array(z.string().regex(/^\d{1,10}$/, message).transform(Number)).max(30, message));

export const resourceSchema = z.object({
  resourceId: optionalId('资源无效'),
  unitId: id('请选择单位'),
  kind: z.enum(RESOURCE_KINDS, { error: '请选择资源类型' }),
  description: textSchema().trim().min(1, '请填写资源内容').max(200, '资源内容不超过200字'),
  availability: textSchema().trim().min(1, '请填写可提供的时间或数量').max(100, '可提供情况不超过100字'),
});
export type ResourceInput = z.infer<typeof resourceSchema>;

export const setResourceActiveSchema = z.object({
  resourceId: id('资源无效'),
  active: z.enum(['true', 'false'], { error: '操作无效' }).transform((v) => v === 'true'),
});

export const needSchema = z.object({
  communityId: id('请选择社区'),
  title: textSchema().trim().min(1, '请填写需求名称').max(60, '需求名称不超过60字'),
  description: optionalText(500, '需求说明不超过500字'),
  caseNumbers: caseNumbersSchema,
});
export type NeedInput = z.infer<typeof needSchema>;

export const updateNeedSchema = z.object({
  needId: id('需求无效'),
  title: textSchema().trim().min(1, '请填写需求名称').max(60, '需求名称不超过60字'),
  description: optionalText(500, '需求说明不超过500字'),
  active: z.enum(['true', 'false'], { error: '操作无效' }).transform((v) => v === 'true'),
});
export type UpdateNeedInput = z.infer<typeof updateNeedSchema>;

export const gatherSchema = z.object({
  needId: id('需求无效'),
  caseNumbers: caseNumbersSchema.refine((v) => v.length > 0, '请勾选或填写要归集的诉求编号'),
});

export const projectSchema = z.object({
  needId: id('请选择需求'),
  title: textSchema().trim().min(1, '请填写项目名称').max(60, '项目名称不超过60字'),
  description: optionalText(500, '项目内容不超过500字'),
  ownerUnitId: id('请选择牵头单位'),
  partnerUnitIds: ids('参与单位无效'),
  contactName: optionalText(20, '联系人姓名不超过20字'),
  contactPhone: optionalPhone,
  targetDate: optionalDate('请填写有效的计划完成日期'),
  meetingId: optionalId('联席议事记录无效'),
});
export type ProjectInput = z.infer<typeof projectSchema>;

export const projectStepSchema = z.object({
  projectId: id('项目无效'),
  action: z.enum(PROJECT_ACTIONS, { error: '操作无效' }),
  note: optionalText(1000, '说明不超过1000字'),
  version: z.coerce.number({ error: '页面已过期，请刷新' }).int().min(0),
  meetingId: optionalId('联席议事记录无效'),
});
export type ProjectStepInput = z.infer<typeof projectStepSchema>;

export const meetingSchema = z.object({
  communityId: id('请选择社区'),
  heldOn: dateSchema('请填写有效的会议日期'),
  unitIds: ids('参会单位无效').refine((v) => v.length > 0, '请勾选参会单位'),
  topics: textSchema().trim().min(1, '请填写议题').max(1000, '议题不超过1000字'),
  decisions: textSchema().trim().min(1, '请填写议定事项').max(2000, '议定事项不超过2000字'),
  /** New needs the meeting raised, one per line. */
  newNeeds: textSchema()
    .optional()
    .transform((v) => (v ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(60, '每条新需求不超过60字')).max(20, '一次最多新增20条需求')),
});
export type MeetingInput = z.infer<typeof meetingSchema>;
