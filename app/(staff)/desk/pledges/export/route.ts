import type { NextRequest } from 'next/server';
import { notFound, redirect } from 'next/navigation';
import { appStore } from '@/db/store';
import { getCurrentUser } from '@/lib/auth/current-user';
import { contentDisposition } from '@/lib/desk/xlsx-response';
import { methodNotAllowed, readFormPost } from '@/lib/http/form-post';
import { exportPledgeYear, PLEDGE_EXPORT_ROLES } from '@/lib/pledges/export';
import { yearSchema } from '@/lib/pledges/schemas';
import { chinaMonth } from '@/lib/stats/period';

/** The year's 评诺 results as .xlsx. POST only (a form button), never prefetched. */
export async function POST(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  if (!(PLEDGE_EXPORT_ROLES as readonly string[]).includes(user.role)) notFound();
  const post = await readFormPost(request);
  if (!post.ok) return post.response;
  const year = yearSchema.safeParse(post.form.get('year') ?? chinaMonth(new Date()).slice(0, 4));
  if (!year.success) return new Response(year.error.issues[0]?.message ?? '年份无效', { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const file = await exportPledgeYear(appStore(), user, year.data);
  if (!file) notFound();
  return new Response(new Uint8Array(file.buffer), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': contentDisposition(file.fileName),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

export const GET = methodNotAllowed;
