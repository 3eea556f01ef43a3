'use client';

import { useEffect, useRef, useState } from 'react';

/** "全选本页": ticks every row checkbox of the given form on this page. */
export function SelectAllOnPage({ formId, compact = false }: { formId: string; compact?: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<'none' | 'some' | 'all'>('none');

  useEffect(() => {
    const boxes = () => [...document.querySelectorAll<HTMLInputElement>(`input[name="item"][form="${formId}"]`)];
    const sync = () => {
      const all = boxes();
      const checked = all.filter((b) => b.checked).length;
      setState(checked === 0 ? 'none' : checked === all.length ? 'all' : 'some');
    };
    const onChange = (e: Event) => {
      if ((e.target as HTMLInputElement | null)?.name === 'item') sync();
    };
    const onReset = () => setTimeout(sync, 0);
    document.addEventListener('change', onChange);
    document.addEventListener('reset', onReset, true);
    sync();
    return () => {
      document.removeEventListener('change', onChange);
      document.removeEventListener('reset', onReset, true);
    };
  }, [formId]);

  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === 'some';
  }, [state]);

  return (
    <label className="inline-flex min-h-10 items-center gap-2 text-sm">
      <input
        ref={ref}
        type="checkbox"
        data-select-all=""
        checked={state === 'all'}
        onChange={(e) => {
          const on = e.target.checked;
          for (const b of document.querySelectorAll<HTMLInputElement>(`input[name="item"][form="${formId}"]`)) b.checked = on;
          setState(on ? 'all' : 'none');
          document.dispatchEvent(new Event('selectall'));
        }}
        className="size-5"
      />
      <span className={compact ? 'sr-only' : undefined}>全选本页</span>
    </label>
  );
}
