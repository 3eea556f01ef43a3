import type { NextRequest } from 'next/server';
import { notFound, redirect } from 'next/navigation';
import { appStore } from '@/db/store';
import { getCurrentUser } from '@/lib/auth/current-user';
import { prepareSummaryExport } from '@/lib/cobuild/summary';
import { xlsxResponse } from '@/lib/desk/xlsx-response';
import { methodNotAllowed, readFormPost } from '@/lib/http/form-post';

/** The 汇总表 of the reader's scope as .xlsx. POST only: a link would be prefetched and export (and audit) unasked. */
export async function POST(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  if (user.role !== 'admin' && user.role !== 'secretary') notFound();
  const post = await readFormPost(request);
  if (!post.ok) return post.response;
  const prepared = await prepareSummaryExport(appStore(), user);
  if (!prepared) notFound();
  return xlsxResponse(prepared, request.signal);
}

export const GET = methodNotAllowed;
