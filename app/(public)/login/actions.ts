'use server';

import { AuthError, CredentialsSignin } from 'next-auth';
import { z } from 'zod';
import { signIn } from '@/lib/auth/auth';
import { signInSchema } from '@/lib/auth/schemas';
import { safeCallbackPath } from '@/lib/auth/callback';

export type SignInState = {
  message?: string;
  fieldErrors?: { login?: string[]; password?: string[] };
  login?: string;
};

export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const login = String(formData.get('login') ?? '');
  const parsed = signInSchema.safeParse({ login: formData.get('login'), password: formData.get('password') });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, login };
  try {
    // On success this throws Next's redirect, which must travel on untouched.
    await signIn('credentials', { ...parsed.data, redirectTo: safeCallbackPath(formData.get('callbackUrl')) });
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === 'throttled') {
      return { message: '登录失败次数过多，请 15 分钟后再试。', login };
    }
    if (error instanceof AuthError) return { message: '账号或密码错误，请重新输入。', login };
    throw error;
  }
  return {};
}
