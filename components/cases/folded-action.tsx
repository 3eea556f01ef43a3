'use client';
// An action folded behind its title on the case page: its form is built when the fold is first opened, so a page load renders and hydrates only the form in sight.
import { useEffect, useRef, useState } from 'react';
import type { ActionFormSpec } from '@/lib/cases/action-forms';
import { ActionForm } from './action-form';

export function FoldedAction({ spec, number, version, className }: { spec: ActionFormSpec; number: string; version: number; className: string }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const [opened, setOpened] = useState(false);
  // A fold tapped open while the page's script was still loading fired its toggle before React listened.
  useEffect(() => {
    if (ref.current?.open) setOpened(true);
  }, []);
  return (
    <details ref={ref} data-action-title={spec.title} className={className} onToggle={(e) => e.currentTarget.open && setOpened(true)}>
      <summary className="flex min-h-12 cursor-pointer items-center px-3 font-medium">{spec.title}</summary>
      {/* Kept once built: closing and reopening the fold keeps what was typed. */}
      <div className="border-t border-stone-200 p-3">{opened && <ActionForm spec={spec} number={number} version={version} />}</div>
    </details>
  );
}
