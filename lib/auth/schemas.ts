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

/** A new password: long enough to resist guessing, with letters and digits. */
export const changePasswordSchema = z
  .object({
    current: z.string({ error: '请输入当前密码' }).min(1, '请输入当前密码').max(128, '密码过长'),
    next: z
      .string({ error: '请输入新密码' })
      .min(8, '新密码至少 8 位')
      .max(128, '新密码过长')
      .regex(/[A-Za-z]/, '新密码须包含字母')
      .regex(/\d/, '新密码须包含数字'),
    confirm: z.string({ error: '请再次输入新密码' }),
  })
  .refine((v) => v.next === v.confirm, { path: ['confirm'], message: '两次输入的新密码不一致' })
  .refine((v) => v.next !== v.current, { path: ['next'], message: '新密码不能与当前密码相同' });

export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
