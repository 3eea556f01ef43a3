'use client';
// The confirmation after an action ("已受理"): announced by screen readers, then the new state is scrolled into view.
import { useEffect, useState } from 'react';

/**
 * The live region exists empty first and gets its words after mounting, which is what makes
 * screen readers announce it. The `done` parameter is dropped from the address, so a reload
 * or a shared link does not confirm the action again.
 */
export function Toast({ message, scrollTo }: { message: string; scrollTo?: string }) {
  const [shown, setShown] = useState<string | null>(null);
  useEffect(() => {
    // In the next frame, after the empty region is in the page: a change is what gets announced.
    const frame = window.requestAnimationFrame(() => setShown(message));
    const target = scrollTo ? document.getElementById(scrollTo) : null;
    if (target) {
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
    }
    const url = new URL(window.location.href);
    if (url.searchParams.has('done')) {
      url.searchParams.delete('done');
      window.history.replaceState(window.history.state, '', url);
    }
    const timer = window.setTimeout(() => setShown(null), 6000);
    return () => {
      window.cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [message, scrollTo]);
  return (
    <div role="status" aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-20 z-40 flex justify-center px-4 lg:bottom-6">
      {shown && (
        <p className="pointer-events-auto flex min-h-12 items-center gap-2 rounded-xl bg-emerald-800 px-5 text-base font-semibold text-white shadow-lg">
          <span aria-hidden="true">✓</span>
          {shown}
        </p>
      )}
    </div>
  );
}
