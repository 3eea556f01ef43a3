import Link from 'next/link';
import { signOutAction } from '@/app/(staff)/actions';
import { roleLabelOf } from '@/lib/auth/roles';
import { ROLE_NAV } from '@/lib/auth/navigation';
import type { CurrentUser } from '@/lib/auth/current-user';

/** Links not prefetched: see BottomTabs. `phoneTabs`: on a phone the bottom tab bar carries the navigation, so the top row is left out. */
export function AppHeader({ user, unread, phoneTabs = false }: { user: CurrentUser; unread: number; phoneTabs?: boolean }) {
  const scopeName = user.scopeNodes.map((n) => n.name).join('、');
  return (
    <header className="bg-brand-800 text-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-4 py-2">
        <Link href="/" prefetch={false} className="flex min-h-11 items-center text-lg font-bold">
          <span aria-hidden="true" className="mr-1 text-amber-300">
            ✦
          </span>
          萤火
        </Link>
        <div className="flex items-center gap-3 text-sm">
          <p className="text-right leading-tight">
            <span className="block font-medium">{user.displayName}</span>
            <span className="block text-xs text-orange-100">
              {roleLabelOf(user.role, user.scopeNodes.map((n) => n.kind))}
              {scopeName && ` · ${scopeName}`}
            </span>
          </p>
          <form action={signOutAction}>
            <button type="submit" className="min-h-11 rounded-lg border border-orange-200 px-3 hover:bg-brand-700">
              退出
            </button>
          </form>
        </div>
      </div>
      {/* While a one-time password is being replaced every link would lead back to that page. */}
      {!user.mustChangePassword && (
      <nav aria-label="主导航" className={`bg-brand-700 ${phoneTabs ? 'hidden lg:block' : ''}`}>
        {/* relative: the badge's sr-only text is absolutely positioned; without a positioned scroller it
            escapes the clipping and widens the whole page on a phone (the secretary's 通知 sits past the edge).
            From lg up the row wraps instead: a secretary's dozen links did not fit 1280 px, and the last ones
            (通知, 修改密码) sat behind a sideways scroll nobody sees on a desktop. */}
        <ul className="relative mx-auto flex max-w-6xl gap-1 overflow-x-auto px-2 lg:flex-wrap lg:overflow-x-visible">
          {ROLE_NAV[user.role].map((item) => (
            <li key={item.href}>
              <Link href={item.href} prefetch={false} className="flex min-h-11 items-center whitespace-nowrap px-3 text-sm font-medium hover:bg-brand-800">
                {item.label}
                {item.href === '/notifications' && unread > 0 && (
                  <span className="ml-1 rounded-full bg-amber-300 px-1.5 text-xs font-bold text-stone-900">
                    {unread}
                    <span className="sr-only"> 条未读</span>
                  </span>
                )}
              </Link>
            </li>
          ))}
          <li className="ml-auto">
            <Link href="/account/password" prefetch={false} className="flex min-h-11 items-center whitespace-nowrap px-3 text-sm hover:bg-brand-800">
              修改密码
            </Link>
          </li>
        </ul>
      </nav>
      )}
    </header>
  );
}
