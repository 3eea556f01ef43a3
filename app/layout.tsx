import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import './globals.css';

export const metadata: Metadata = {
  title: { default: '萤火 · 网格服务', template: '%s · 萤火' },
  description: '社区网格服务事项管理：居民提事项—网格理事—联动办事',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#9a3412',
};

/**
 * Every page is rendered per request: the Content-Security-Policy (lib/http/security-headers.ts)
 * carries a fresh nonce, and a page prerendered at build time would carry scripts without it.
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="zh-CN">
      <body className="min-h-dvh">{children}</body>
    </html>
  );
}
