import Link from 'next/link';

export type Crumb = { id: number; name: string; linked: boolean };

export function Breadcrumbs({ crumbs, current }: { crumbs: Crumb[]; current: string }) {
  return (
    <nav aria-label="位置" className="mb-3 text-sm text-stone-600">
      <ol className="flex flex-wrap items-center gap-1">
        {crumbs.map((c) => (
          <li key={c.id} className="flex items-center gap-1">
            {c.linked ? (
              <Link href={`/org/${c.id}`} className="text-blue-800 underline-offset-2 hover:underline">
                {c.name}
              </Link>
            ) : (
              <span>{c.name}</span>
            )}
            <span aria-hidden="true">›</span>
          </li>
        ))}
        <li aria-current="page" className="font-medium text-stone-900">
          {current}
        </li>
      </ol>
    </nav>
  );
}
