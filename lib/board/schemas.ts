// The inputs of the public board and of 附议: what staff publish, and what a resident sends with a support or a rating.
import { z } from 'zod';
import { PUBLICATION_KINDS, RATINGS } from '@/db/schema';
import { caseNumberSchema, phoneSchema } from '@/lib/cases/schemas';

const id = z.coerce.number({ error: '编号无效' }).int('编号无效').positive('编号无效').max(2_147_483_647, '编号无效');

/** A staff decision to publish a case (or to change what is published): the public text and the chosen photos. */
export const publishSchema = z.object({
  number: caseNumberSchema,
  kind: z.enum(PUBLICATION_KINDS, { error: '请选择公开到心愿墙还是扫码附议' }),
  publicText: z
    .string({ error: '请填写公开文字' })
    .trim()
    .min(4, '公开文字至少 4 个字')
    .max(200, '公开文字不超过 200 字'),
  photoIds: z.array(id).max(6, '最多选择 6 张照片').default([]),
});
export type PublishInput = z.infer<typeof publishSchema>;

export const withdrawSchema = z.object({ number: caseNumberSchema });

/** A community's board in /b/<id>. */
export const boardIdSchema = id;

/** A resident's "me too": which published request, and optionally a phone number to be told of the result. */
export const supportSchema = z.object({
  publicationId: id,
  phone: z
    .union([z.literal(''), phoneSchema])
    .transform((s) => s || undefined)
    .optional(),
});

export const supporterRateSchema = z.object({ rating: z.enum(RATINGS, { error: '请选择评价' }) });

/** The device cookie's value: 24 random bytes as base64url, made by the server. */
export const deviceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{32}$/);
