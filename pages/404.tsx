// "Not found" for the script-free public pages (an unknown community): the same words as app/not-found.tsx, without scripts.
import Link from 'next/link';
import { PublicHead } from '@/components/public/page-head';

export const config = { unstable_runtimeJS: false };

export default function PublicNotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <PublicHead title="页面不存在" />
      <h1 className="text-2xl font-semibold">页面不存在</h1>
      <p className="mt-3 text-stone-600">您访问的页面或记录不存在，或不在您的管辖范围内。</p>
      <Link href="/" className="mt-6 inline-block rounded-lg bg-brand-700 px-5 py-3 text-white hover:bg-brand-800">
        返回首页
      </Link>
    </main>
  );
}
