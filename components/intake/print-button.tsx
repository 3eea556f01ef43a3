'use client';

/** Opens the browser's print dialog; the print stylesheet leaves only the sheets. */
export function PrintButton({ label = '打印' }: { label?: string }) {
  return (
    <button type="button" onClick={() => window.print()} className="min-h-11 rounded-lg bg-brand-700 px-5 text-base font-semibold text-white hover:bg-brand-800">
      {label}
    </button>
  );
}
