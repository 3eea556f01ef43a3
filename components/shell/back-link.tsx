'use client';
// 返回: back to where the user came from when that was this app, otherwise to their home list.
import Link from 'next/link';
import { useRouter } from 'next/navigation';

export function BackLink({ fallback }: { fallback: string }) {
  const router = useRouter();
  return (
    <Link
      href={fallback}
      // Not prefetched: see BottomTabs.
      prefetch={false}
      onClick={(e) => {
        const cameFromApp = document.referrer.startsWith(window.location.origin) && window.history.length > 1;
        if (cameFromApp) {
          e.preventDefault();
          router.back();
        }
      }}
      className="inline-flex min-h-11 items-center gap-1 rounded-lg pr-3 text-base font-medium text-blue-800 hover:underline"
    >
      <span aria-hidden="true">←</span> 返回
    </Link>
  );
}
