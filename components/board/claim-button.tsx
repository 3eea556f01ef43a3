'use client';
// 认领 on a claim-board card: one button, and the refusal on the card itself when someone else was faster.
import { useActionState } from 'react';
import { performCaseAction, type CaseActionState } from '@/app/(staff)/cases/[number]/actions';

/**
 * The board shows up to thirty cards, so each card's form is as small as a form gets: no fields, the
 * server action bound directly (it submits even before the page's script has loaded), and on success
 * the action takes the member to the case with its confirmation, as every case action does.
 */
export function ClaimButton({ number, version, label }: { number: string; version: number; label: string }) {
  const [state, formAction, pending] = useActionState<CaseActionState, FormData>(performCaseAction, {});
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="number" value={number} />
      <input type="hidden" name="action" value="claim" />
      <input type="hidden" name="version" value={version} />
      {state.message && !state.ok && (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      )}
      <button type="submit" disabled={pending} className="min-h-12 w-full rounded-lg bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800 disabled:opacity-60">
        {pending ? '正在提交…' : label}
      </button>
    </form>
  );
}
