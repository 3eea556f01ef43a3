'use client';

import { useActionState } from 'react';
import { signInAction, type SignInState } from '@/app/(public)/login/actions';

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState<SignInState, FormData>(signInAction, {});
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div>
        <label htmlFor="login" className="block text-sm font-medium">
          账号或手机号
        </label>
        <input
          id="login"
          name="login"
          autoComplete="username"
          defaultValue={state.login}
          required
          aria-invalid={Boolean(state.fieldErrors?.login)}
          aria-describedby={state.fieldErrors?.login ? 'login-error' : undefined}
          className="mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-3 text-base"
        />
        {state.fieldErrors?.login && (
          <p id="login-error" className="mt-1 text-sm text-red-700">
            {state.fieldErrors.login[0]}
          </p>
        )}
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          密码
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={Boolean(state.fieldErrors?.password)}
          aria-describedby={state.fieldErrors?.password ? 'password-error' : undefined}
          className="mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-3 text-base"
        />
        {state.fieldErrors?.password && (
          <p id="password-error" className="mt-1 text-sm text-red-700">
            {state.fieldErrors.password[0]}
          </p>
        )}
      </div>
      {state.message && (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-lg bg-brand-700 px-4 py-3 text-base font-semibold text-white hover:bg-brand-800 disabled:opacity-70"
      >
        {pending ? '正在登录…' : '登录'}
      </button>
    </form>
  );
}
