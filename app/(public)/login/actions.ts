'use server';

import { AuthError } from 'next-auth';
import { z } from 'zod';
import { signIn, ThrottledSignIn } from '@/lib/auth/auth';
import { throttledMessage } from '@/lib/auth/rate-limit';
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
    if (error instanceof ThrottledSignIn) return { message: throttledMessage(error.retryAfterMinutes), login };
    if (error instanceof AuthError) return { message: '账号或密码错误，请重新输入。', login };
    throw error;
  }
  return {};
}
