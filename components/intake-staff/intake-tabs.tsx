// The 登记诉求 screen's two ways in (one request, or a stack of slips), as links: each is its own page, so each downloads only its own form.
import Link from 'next/link';
import { T } from './text';

export const SINGLE_INTAKE_PATH = '/work/new';
export const BATCH_INTAKE_PATH = '/work/new/batch';

export function IntakeTabs({ current }: { current: 'single' | 'batch' }) {
  return (
    <nav aria-label={T.tabsLabel} className="mb-5 grid grid-cols-2 rounded-lg border border-stone-300 bg-stone-100 p-1">
      <TabLink href={SINGLE_INTAKE_PATH} current={current === 'single'}>
        {T.tabSingle}
      </TabLink>
      <TabLink href={BATCH_INTAKE_PATH} current={current === 'batch'}>
        {T.tabBatch}
      </TabLink>
    </nav>
  );
}

function TabLink({ href, current, children }: { href: string; current: boolean; children: React.ReactNode }) {
  return (
    <Link
      href={href}
      prefetch={false}
      aria-current={current ? 'page' : undefined}
      className={`flex min-h-11 items-center justify-center rounded-md text-sm font-medium ${current ? 'bg-white font-semibold text-brand-800 shadow-sm' : 'text-stone-700'}`}
    >
      {current && (
        <span aria-hidden="true" className="mr-1">
          ●
        </span>
      )}
      {children}
    </Link>
  );
}
