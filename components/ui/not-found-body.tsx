// The words of "not found", shared by the App Router's app/not-found.tsx and the script-free pages' pages/404.tsx.
import Link from 'next/link';

export function NotFoundBody({ children }: { children?: React.ReactNode }) {
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      {children}
      <h1 className="text-2xl font-semibold">页面不存在</h1>
      <p className="mt-3 text-stone-600">您访问的页面或记录不存在，或不在您的管辖范围内。</p>
      <Link href="/" className="mt-6 inline-block rounded-lg bg-brand-700 px-5 py-3 text-white hover:bg-brand-800">
        返回首页
      </Link>
    </main>
  );
}
