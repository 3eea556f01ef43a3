'use client';
// The phone's tab bar for grid workers and party members: fixed at the bottom, where the thumb is.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { TabItem } from '@/lib/auth/navigation';

function isCurrent(pathname: string, item: TabItem, items: TabItem[]): boolean {
  // The longest matching tab wins, so /work/new lights 登记, not 工作.
  const matches = items.filter((i) => pathname === i.href || pathname.startsWith(`${i.href}/`));
  const best = matches.sort((a, b) => b.href.length - a.href.length)[0];
  return best?.href === item.href;
}

/**
 * Its links are not prefetched: every page of this app is rendered per request and none has a loading.js,
 * so a prefetch fetches only the route's outline (a request per link and page view, on a phone's weak
 * connection, answered while the page is still starting up) and makes the tap no faster.
 */
export function BottomTabs({ items, unread }: { items: TabItem[]; unread: number }) {
  // Null only under the Pages Router (pages/: the residents' script-free pages), which never renders this.
  const pathname = usePathname() ?? '';
  return (
    <nav aria-label="底部导航" className="fixed inset-x-0 bottom-0 z-30 border-t border-stone-300 bg-white pb-[env(safe-area-inset-bottom)] lg:hidden">
      <ul className="mx-auto grid max-w-xl" style={{ gridTemplateColumns: `repeat(${items.length}, minmax(0, 1fr))` }}>
        {items.map((item) => {
          const current = isCurrent(pathname, item, items);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                prefetch={false}
                aria-current={current ? 'page' : undefined}
                className={`relative flex min-h-14 flex-col items-center justify-center text-xs ${current ? 'font-bold text-brand-800' : 'text-stone-700'}`}
              >
                <span aria-hidden="true" className="text-xl leading-none">
                  {item.icon}
                </span>
                <span className={current ? 'underline decoration-2 underline-offset-4' : undefined}>{item.label}</span>
                {item.href === '/notifications' && unread > 0 && (
                  <span data-testid="tab-unread" className="absolute right-[22%] top-1 min-w-5 rounded-full bg-red-700 px-1 text-center text-xs font-bold text-white">
                    {unread}
                    <span className="sr-only"> 条未读</span>
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
