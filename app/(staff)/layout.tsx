import { AppHeader } from '@/components/shell/app-header';
import { BottomTabs } from '@/components/shell/bottom-tabs';
import { OfflineBanner } from '@/components/shell/offline-banner';
import { appStore } from '@/db/store';
import { requireUserChangingPassword } from '@/lib/auth/current-user';
import { ROLE_TABS } from '@/lib/auth/navigation';
import { unreadCount } from '@/lib/notifications/queries';

/**
 * Every page in this group is for signed-in staff; each page also checks role and scope, and
 * sends a one-time password holder to /account/password (the layout cannot tell which page it wraps).
 */
export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUserChangingPassword();
  const unread = await unreadCount(appStore().db, user.id);
  // No tab bar while the one-time password is being replaced: every tab would lead back here.
  const tabs = user.mustChangePassword ? undefined : ROLE_TABS[user.role];
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:bg-white focus:p-2">
        跳到正文
      </a>
      <AppHeader user={user} unread={unread} phoneTabs={Boolean(tabs)} />
      <OfflineBanner />
      {/* Room below the content for the tab bar, so the last card is not hidden behind it. */}
      {/* --tabbar lets sticky bars (the intake form's submit) sit above the tab bar instead of under it. */}
      <main id="main" className={`mx-auto max-w-6xl px-4 py-5 ${tabs ? 'pb-24 [--tabbar:calc(3.5rem+1px+env(safe-area-inset-bottom))] lg:pb-5 lg:[--tabbar:0px]' : ''}`}>
        {children}
      </main>
      {tabs && <BottomTabs items={tabs} unread={unread} />}
    </>
  );
}
