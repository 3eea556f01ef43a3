import type { NextRequest } from 'next/server';
import { notFound, redirect } from 'next/navigation';
import { appStore } from '@/db/store';
import { getCurrentUser } from '@/lib/auth/current-user';
import { mayExport, prepareExport } from '@/lib/desk/export';
import { monthSchema } from '@/lib/desk/month';
import { tooLargeAsRefusal, xlsxResponse } from '@/lib/desk/xlsx-response';
import { methodNotAllowed, readFormPost } from '@/lib/http/form-post';
import { chinaMonth } from '@/lib/stats/period';

/** The monthly ledger as .xlsx: every request received in the posted month in the user's scope. POST only, never prefetched. */
export async function POST(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  if (!mayExport(user)) notFound();
  const post = await readFormPost(request);
  if (!post.ok) return post.response;
  // The month picker always sends one; a bare post gets this month, as the ledger always did.
  const month = monthSchema.safeParse(post.form.get('month') ?? chinaMonth(new Date()));
  if (!month.success) {
    return new Response(month.error.issues[0]?.message ?? '月份无效', { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  const prepared = await tooLargeAsRefusal(() => prepareExport(appStore(), user, { kind: 'ledger', month: month.data }));
  if (prepared instanceof Response) return prepared;
  if (!prepared) notFound();
  return xlsxResponse(prepared, request.signal);
}

export const GET = methodNotAllowed;
