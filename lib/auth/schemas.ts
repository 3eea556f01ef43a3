// What the sign-in form and endpoint accept.
import { z } from 'zod';

export const signInSchema = z.object({
  login: z
    .string({ error: '请输入账号或手机号' })
    .trim()
    .min(1, '请输入账号或手机号')
    .max(64, '账号或手机号过长'),
  password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(128, '密码过长'),
});

export type SignInInput = z.infer<typeof signInSchema>;
