// What the administrator's token forms accept: a name and a scope node, or the token to revoke.
import { z } from 'zod';
import { textSchema } from '@/lib/validation/text';

const id = z.coerce.number({ error: '编号无效' }).int('编号无效').positive('编号无效').max(2_147_483_647, '编号无效');

export const createTokenSchema = z.object({
  name: textSchema({ error: '请填写对接系统名称' })
    .trim()
    .min(2, '请填写对接系统名称（至少 2 个字）')
    .max(40, '名称不超过 40 字'),
  nodeId: z.coerce.number({ error: '请选择授权范围' }).int('请选择授权范围').positive('请选择授权范围'),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export const revokeTokenSchema = z.object({ tokenId: id });
