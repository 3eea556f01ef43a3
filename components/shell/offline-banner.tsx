'use client';
// A banner while the connection is down, so a worker outdoors knows why nothing loads and that drafts are safe.
import { useOnline } from './use-online';

export function OfflineBanner() {
  const online = useOnline();
  return (
    <div role="status" aria-live="polite" className="sticky top-0 z-30">
      {!online && (
        <p className="bg-stone-900 px-4 py-2 text-center text-sm font-medium text-white">
          <span aria-hidden="true">⚠ </span>
          网络已断开，草稿已保存在本机
        </p>
      )}
    </div>
  );
}
