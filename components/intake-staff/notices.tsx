// Messages of the intake forms: a restored draft, being offline, a submission lost on the way, and field errors.
import { T } from './text';

export function RestoredNotice({ onClear, photosLost }: { onClear: () => void; photosLost?: boolean }) {
  return (
    <div role="status" className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded-lg border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-950">
      <p>
        <span aria-hidden="true">↺ </span>
        <strong>{T.restored}</strong>
        {photosLost && <span className="block text-xs">{T.restoredPhotos}</span>}
      </p>
      <button
        type="button"
        onClick={() => {
          if (window.confirm(T.clearDraftConfirm)) onClear();
        }}
        className="min-h-11 rounded-lg border border-sky-700 bg-white px-3 font-medium text-sky-900"
      >
        {T.clearDraft}
      </button>
    </div>
  );
}

export function OfflineNotice() {
  return (
    <p role="status" className="mb-4 rounded-lg border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950">
      <strong>离线：</strong>
      {T.offlineNow}
    </p>
  );
}

export function NetworkLostNotice({ ref, online, onRetry, pending }: { ref?: React.Ref<HTMLDivElement>; online: boolean; onRetry: () => void; pending: boolean }) {
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="mb-4 rounded-lg border border-amber-500 bg-amber-50 px-3 py-3 text-amber-950">
      <p className="font-semibold">
        <span aria-hidden="true">⚠ </span>
        {T.networkLost}
      </p>
      {online && <p className="mt-1 text-sm">{T.backOnline}</p>}
      <button type="button" onClick={onRetry} disabled={pending} className="mt-2 min-h-12 w-full rounded-lg bg-amber-700 px-4 font-semibold text-white disabled:opacity-70">
        {pending ? T.submitting : T.retry}
      </button>
    </div>
  );
}

export type ErrorItem = { id: string; label: string; message: string };

export function ErrorSummary({ ref, message, items }: { ref?: React.Ref<HTMLDivElement>; message: string; items: ErrorItem[] }) {
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="mb-4 rounded-lg border border-red-300 bg-red-50 px-3 py-3 text-sm text-red-900">
      <p className="font-semibold">
        <span aria-hidden="true">⚠ </span>
        {items.length > 0 ? T.fixErrors : message}
      </p>
      {items.length > 0 && (
        <ul className="mt-1 list-disc space-y-1 pl-5">
          {items.map((item) => (
            <li key={item.id}>
              <a href={`#${item.id}`} className="underline">
                {item.label}：{item.message}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The primary action, kept at the bottom of the screen where the thumb is. */
export function StickyBar({ children, note }: { children: React.ReactNode; note?: string }) {
  return (
    <div className="sticky bottom-[var(--tabbar,0px)] z-10 -mx-4 mt-6 border-t border-stone-200 bg-white/95 px-4 pb-[max(0.75rem,env(safe-area-inset-bottom))] pt-2 shadow-[0_-2px_8px_rgba(0,0,0,0.06)] backdrop-blur">
      {note && <p className="mb-1 text-center text-xs text-stone-600">{note}</p>}
      {children}
    </div>
  );
}
