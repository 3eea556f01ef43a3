// A feature's own pages as one row of tabs under the page title (党员承诺, 大党委, 志愿积分): one look everywhere.
import Link from 'next/link';

export type SubNavLink = { href: string; label: string };

/** Links not prefetched: see BottomTabs. The current page is filled and marked for screen readers. */
export function SubNav({ label, links, current }: { label: string; links: readonly SubNavLink[]; current: string }) {
  return (
    <nav aria-label={label} className="mb-4 flex flex-wrap gap-2">
      {links.map((l) => (
        <Link
          key={l.href}
          prefetch={false}
          href={l.href}
          aria-current={l.href === current ? 'page' : undefined}
          className={`inline-flex min-h-11 items-center rounded-lg border px-3 text-sm font-medium ${l.href === current ? 'border-brand-700 bg-brand-700 text-white' : 'border-stone-400 bg-white hover:bg-stone-50'}`}
        >
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
