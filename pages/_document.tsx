// The residents' public pages that are opened from QR codes and posters (the board, its poster, the volunteer pages)
// live here, in the Pages Router, and not in app/: each sets `unstable_runtimeJS: false`, so the browser gets HTML
// and CSS only. Every App Router page ships React and Next's router (about 135 KB gzipped, more than the 100 KB a
// cheap phone on a slow network should wait for, issue 14); these pages have nothing to hydrate. Their forms are
// plain HTML forms: posted to the page itself (getServerSideProps) or to a route handler in app/.
import { Head, Html, Main, NextScript } from 'next/document';

export default function PublicDocument() {
  return (
    <Html lang="zh-CN">
      <Head>
        <meta name="description" content="社区网格服务事项管理：居民提事项—网格理事—联动办事" />
        <meta name="theme-color" content="#9a3412" />
        <link rel="icon" href="/icon.svg" type="image/svg+xml" />
      </Head>
      <body className="min-h-dvh">
        <Main />
        {/* Renders nothing on a page with `unstable_runtimeJS: false` (all of them). */}
        <NextScript />
      </body>
    </Html>
  );
}
