import Link from 'next/link';

const LINKS = [
  { href: '/desk/pledges', label: '月中督诺' },
  { href: '/desk/pledges/items', label: '民意事项清单' },
  { href: '/desk/pledges/evaluate', label: '月末评诺' },
  { href: '/desk/pledges/results', label: '评诺结果' },
] as const;

/** The secretary's four pledge pages, one row of tabs. */
export function PledgeNav({ current }: { current: (typeof LINKS)[number]['href'] }) {
  return (
    <nav aria-label="党员每月一件事" className="mb-4 flex flex-wrap gap-2">
      {LINKS.map((l) => (
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
