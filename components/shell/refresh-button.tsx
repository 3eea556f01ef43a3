'use client';
// Fetches the current page again from the server without a full reload: lighter on a weak signal.
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';

export function RefreshButton({ label = '刷新' }: { label?: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      onClick={() => start(() => router.refresh())}
      disabled={pending}
      className="inline-flex min-h-11 items-center gap-1 rounded-lg border border-stone-400 bg-white px-3 text-sm font-medium hover:bg-stone-100 disabled:opacity-60"
    >
      <span aria-hidden="true">↻</span>
      {pending ? '正在刷新…' : label}
    </button>
  );
}
