'use client';

import { useMemo, useSyncExternalStore } from 'react';
import { clearSavedLinks, parseSavedLinks, readSavedLinksRaw, subscribeSavedLinks } from './saved-links';

const when = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

/** "我在本机提交的诉求": the links this phone received, so a resident need not have saved them. */
export function MyRequests() {
  // The server has no localStorage: it renders nothing, and the browser fills the list in.
  const raw = useSyncExternalStore(subscribeSavedLinks, readSavedLinksRaw, () => null);
  const links = useMemo(() => parseSavedLinks(raw), [raw]);
  if (links.length === 0) return null;
  return (
    <section aria-labelledby="mine-heading" className="mt-8 rounded-2xl border border-stone-200 bg-white p-4">
      <h2 id="mine-heading" className="text-base font-semibold">
        我在本机提交的诉求
      </h2>
      <ul className="mt-2 divide-y divide-stone-200">
        {links.map((l) => (
          <li key={l.number}>
            <a href={l.path} className="flex min-h-12 flex-col justify-center py-2 hover:bg-stone-50">
              <span className="font-mono font-medium text-blue-800 underline">{l.number}</span>
              <span className="text-sm text-stone-600">
                {l.place}
                {l.at && ` · ${when.format(new Date(l.at))}`}
              </span>
            </a>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => window.confirm('清除后本机将不再显示这些链接，确定清除吗？') && clearSavedLinks()} className="mt-2 min-h-11 text-sm text-stone-700 underline">
        清除本机记录
      </button>
    </section>
  );
}
