'use client';
// The forms of the volunteer points pages: one form shell that shows the server's answer, and fields that show their
// own error from it. Every action checks role, scope and input again on the server.

import { createContext, useActionState, useContext, useId, type ReactNode } from 'react';
import { errorProps, FieldError } from '@/components/forms/field-error';
import { FormNotice } from '@/components/org/node-forms';
import type { TreeFormState } from '@/components/org/tree-form-state';

type Action = (state: TreeFormState, form: FormData) => Promise<TreeFormState>;

const StateContext = createContext<TreeFormState>({});

export const inputClass = 'mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-3 text-base aria-[invalid=true]:border-red-700';
const buttonClass = {
  primary: 'min-h-12 rounded-lg bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800 disabled:opacity-70',
  secondary: 'min-h-11 rounded-lg border border-stone-500 bg-white px-4 text-sm font-medium hover:bg-stone-100 disabled:opacity-70',
} as const;

/** `hidden`: fixed values the action needs (ids); `submit`: the button's words, and while sending. */
export function PointsForm({
  action,
  hidden = {},
  submit,
  pending: pendingLabel = '正在提交…',
  variant = 'primary',
  className = 'space-y-4',
  label,
  unavailable,
  children,
}: {
  action: Action;
  hidden?: Record<string, string | number>;
  submit: string;
  pending?: string;
  variant?: keyof typeof buttonClass;
  className?: string;
  label?: string;
  /**
   * Why the form cannot be sent now (e.g. 积分不足): the button is disabled with the reason beside it. The form stays
   * mounted, so the notice of the submission that made it so (兑换成功) stays on screen.
   */
  unavailable?: string;
  children?: ReactNode;
}) {
  const [state, formAction, pending] = useActionState<TreeFormState, FormData>(action, {});
  const reasonId = useId();
  return (
    <StateContext.Provider value={state}>
      <form action={formAction} className={className} aria-label={label} noValidate>
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {children}
        <FormNotice state={state} />
        <button type="submit" disabled={pending || unavailable !== undefined} aria-describedby={unavailable === undefined ? undefined : reasonId} className={buttonClass[variant]}>
          {pending ? pendingLabel : submit}
        </button>
        {unavailable !== undefined && (
          <p id={reasonId} className="self-center text-sm text-stone-700">
            {unavailable}
          </p>
        )}
      </form>
    </StateContext.Provider>
  );
}

export type Choice = { value: string; label: string };

/** A labelled input, select (with `choices`) or textarea, refilled after a refusal and showing its error. */
export function Field({
  id,
  name,
  label,
  hint,
  type = 'text',
  choices,
  defaultValue = '',
  inputMode,
  maxLength,
  autoComplete,
  narrow = false,
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  type?: 'text' | 'tel' | 'number' | 'datetime-local' | 'search';
  choices?: Choice[];
  defaultValue?: string;
  inputMode?: 'numeric' | 'tel' | 'text';
  maxLength?: number;
  autoComplete?: string;
  /** A short value (a quantity): the input is a few characters wide, so its button fits beside it on a 360 px phone. */
  narrow?: boolean;
}) {
  const state = useContext(StateContext);
  const error = state.fieldErrors?.[name]?.[0];
  const value = state.values?.[name] ?? defaultValue;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
        {hint && <span className="ml-1 text-xs font-normal text-stone-600">（{hint}）</span>}
      </label>
      {choices ? (
        <select key={value} id={id} name={name} defaultValue={value} className={inputClass} {...errorProps(id, error)}>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          key={state.values ? `${name}-${value}` : name}
          id={id}
          name={name}
          type={type}
          defaultValue={value}
          inputMode={inputMode}
          maxLength={maxLength}
          autoComplete={autoComplete}
          className={narrow ? `${inputClass} max-w-24` : inputClass}
          {...errorProps(id, error)}
        />
      )}
      <FieldError id={id} error={error} />
    </div>
  );
}
