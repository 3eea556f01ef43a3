'use client';

import { useEffect, useRef, useState } from 'react';
import { saveLink } from './saved-links';

/** The confirmation after a submission: the tracking number, and the private link shown this once. */
export function SubmissionDone({ number, statusUrl, statusPath, place, againHref }: { number: string; statusUrl: string; statusPath: string; place: string; againHref: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const linkRef = useRef<HTMLTextAreaElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
    saveLink({ number, path: statusPath, place, at: new Date().toISOString() });
  }, [number, statusPath, place]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(statusUrl);
      setCopied('yes');
    } catch {
      // No clipboard access (plain http, old WebView): select the text for a manual copy.
      linkRef.current?.select();
      setCopied('no');
    }
  }

  return (
    <section aria-labelledby="done-heading" className="rounded-2xl border border-emerald-300 bg-white p-5 shadow-sm">
      <h2 id="done-heading" ref={headingRef} tabIndex={-1} className="flex items-center gap-2 text-xl font-bold text-emerald-800">
        <span aria-hidden="true" className="flex h-8 w-8 items-center justify-center rounded-full bg-emerald-700 text-white">
          ✓
        </span>
        提交成功
      </h2>
      <p className="mt-2 text-stone-700">网格员会尽快受理，办理进展可随时通过下方链接查看。</p>

      <p className="mt-5 text-sm font-medium text-stone-600">事项编号</p>
      <p className="select-all font-mono text-3xl font-bold tracking-wide text-stone-900">{number}</p>

      <div className="mt-5 rounded-xl bg-amber-50 p-4 ring-1 ring-amber-200">
        <label htmlFor="status-link" className="block font-semibold text-amber-900">
          请保存此链接查看进度并评价
        </label>
        <textarea
          id="status-link"
          ref={linkRef}
          readOnly
          rows={2}
          value={statusUrl}
          onFocus={(e) => e.currentTarget.select()}
          className="mt-2 block w-full resize-none break-all rounded-lg border border-amber-300 bg-white px-3 py-2 font-mono text-sm"
        />
        <p className="mt-2 text-sm text-amber-900">链接只属于您本人，凭它可查看进度和评价，请勿转发给他人。本机也会记住它。</p>
        <div className="mt-3 flex flex-col gap-2 sm:flex-row">
          <button type="button" onClick={copy} className="min-h-12 flex-1 rounded-lg bg-brand-700 px-4 text-base font-semibold text-white hover:bg-brand-800">
            复制链接
          </button>
          <a href={statusPath} className="flex min-h-12 flex-1 items-center justify-center rounded-lg border border-brand-700 bg-white px-4 text-base font-semibold text-brand-800 hover:bg-brand-50">
            查看办理进度
          </a>
        </div>
        <p aria-live="polite" className="mt-2 text-sm font-medium text-emerald-800">
          {copied === 'yes' ? '已复制，可粘贴到微信收藏或备忘录保存。' : copied === 'no' ? '无法自动复制，链接已选中，请长按复制。' : ''}
        </p>
      </div>

      <a href={againHref} className="mt-5 inline-flex min-h-11 items-center text-base font-medium text-blue-800 underline">
        再提交一条诉求
      </a>
    </section>
  );
}
