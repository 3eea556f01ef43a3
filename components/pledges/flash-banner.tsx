import type { Flash } from '@/lib/pledges/flash';

/** The outcome of the last form post on a pledge page: a sentence, coloured and worded (never colour alone). */
export function FlashBanner({ flash }: { flash: Flash }) {
  if (!flash) return null;
  return (
    <p
      role={flash.ok ? 'status' : 'alert'}
      data-testid="flash"
      className={`mb-4 rounded-lg border px-3 py-2 text-sm ${flash.ok ? 'border-emerald-300 bg-emerald-50 text-emerald-900' : 'border-red-300 bg-red-50 text-red-900'}`}
    >
      {flash.ok ? '✓ ' : '未完成：'}
      {flash.message}
    </p>
  );
}
