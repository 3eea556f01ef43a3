'use client';

import { useActionState } from 'react';
import { changePasswordAction, type ChangePasswordState } from '@/app/(staff)/account/password/actions';

const inputClass = 'mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-3 text-base';

const FIELDS = [
  { name: 'current', label: '当前密码', autoComplete: 'current-password', hint: undefined },
  { name: 'next', label: '新密码', autoComplete: 'new-password', hint: '至少 8 位，须包含字母和数字' },
  { name: 'confirm', label: '再次输入新密码', autoComplete: 'new-password', hint: undefined },
] as const;

export function ChangePasswordForm() {
  const [state, formAction, pending] = useActionState<ChangePasswordState, FormData>(changePasswordAction, {});
  return (
    <form action={formAction} className="max-w-sm space-y-5" noValidate>
      {FIELDS.map((f) => {
        const error = state.fieldErrors?.[f.name]?.[0];
        const described = [f.hint && `${f.name}-hint`, error && `${f.name}-error`].filter(Boolean).join(' ') || undefined;
        return (
          <div key={f.name}>
            <label htmlFor={`pw-${f.name}`} className="block text-sm font-medium">
              {f.label}
            </label>
            <input
              id={`pw-${f.name}`}
              name={f.name}
              type="password"
              autoComplete={f.autoComplete}
              required
              aria-invalid={Boolean(error)}
              aria-describedby={described}
              className={inputClass}
            />
            {f.hint && (
              <p id={`${f.name}-hint`} className="mt-1 text-sm text-stone-600">
                {f.hint}
              </p>
            )}
            {error && (
              <p id={`${f.name}-error`} className="mt-1 text-sm text-red-700">
                {error}
              </p>
            )}
          </div>
        );
      })}
      {state.message && (
        <p
          role={state.done ? 'status' : 'alert'}
          className={`rounded-lg border px-3 py-2 text-sm ${state.done ? 'border-green-300 bg-green-50 text-green-900' : 'border-red-300 bg-red-50 text-red-800'}`}
        >
          {state.message}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="min-h-12 w-full rounded-lg bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800 disabled:opacity-70"
      >
        {pending ? '正在保存…' : '修改密码'}
      </button>
    </form>
  );
}
