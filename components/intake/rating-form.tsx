'use client';

import { useActionState, useState } from 'react';
import type { RateState } from './rate-state';

const CHOICES = [
  { value: 'satisfied', label: '满意' },
  { value: 'basically', label: '基本满意' },
  { value: 'unsatisfied', label: '不满意', hint: '选择不满意，事项会重新办理' },
] as const;

/** 满意 / 基本满意 / 不满意 with an optional comment; `version` guards against rating a case that moved on. */
export function RatingForm({ action, token, version }: { action: (state: RateState, formData: FormData) => Promise<RateState>; token: string; version: number }) {
  const [state, formAction, pending] = useActionState(action, {});
  const [choice, setChoice] = useState<string | null>(null);
  return (
    <form action={formAction} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="version" value={version} />
      <fieldset aria-describedby={state.fieldErrors?.rating ? 'rating-error' : undefined}>
        <legend className="text-base font-semibold">您对办理结果满意吗？</legend>
        <div className="mt-3 grid gap-2">
          {CHOICES.map((c) => (
            <label
              key={c.value}
              className="flex min-h-14 cursor-pointer items-center gap-3 rounded-xl border-2 border-stone-300 bg-white px-4 has-checked:border-brand-700 has-checked:bg-brand-50 has-focus-visible:outline-3 has-focus-visible:outline-offset-2 has-focus-visible:outline-blue-700"
            >
              <input type="radio" name="rating" value={c.value} required onChange={() => setChoice(c.value)} className="h-5 w-5 accent-brand-700" />
              <span className="text-lg font-medium">
                {c.label}
                {'hint' in c && <span className="block text-sm font-normal text-stone-600">{c.hint}</span>}
              </span>
            </label>
          ))}
        </div>
        {state.fieldErrors?.rating && (
          <p id="rating-error" className="mt-1 text-sm font-medium text-red-700">
            {state.fieldErrors.rating[0]}
          </p>
        )}
      </fieldset>
      <div>
        <label htmlFor="comment" className="block text-base font-medium">
          {choice === 'unsatisfied' ? '哪里不满意？（可选，便于重新办理）' : '还想说的（可选）'}
        </label>
        <textarea id="comment" name="comment" rows={3} maxLength={500} className="mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-3 text-base" />
        {state.fieldErrors?.comment && <p className="mt-1 text-sm font-medium text-red-700">{state.fieldErrors.comment[0]}</p>}
      </div>
      {state.message && (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-base text-red-800">
          {state.message}
        </p>
      )}
      <button type="submit" disabled={pending} className="min-h-14 w-full rounded-xl bg-brand-700 px-4 text-lg font-semibold text-white hover:bg-brand-800 disabled:opacity-70">
        {pending ? '正在提交…' : '提交评价'}
      </button>
    </form>
  );
}
