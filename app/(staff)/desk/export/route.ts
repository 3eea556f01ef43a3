import type { NextRequest } from 'next/server';
import { notFound, redirect } from 'next/navigation';
import { appStore } from '@/db/store';
import { getCurrentUser } from '@/lib/auth/current-user';
import { prepareExport } from '@/lib/desk/export';
import { parseQueueFilters, searchParamsToObject } from '@/lib/desk/filters';
import { tooLargeAsRefusal, xlsxResponse } from '@/lib/desk/xlsx-response';
import { methodNotAllowed, readFormPost } from '@/lib/http/form-post';

/**
 * The queue as .xlsx: the queue's filters posted by its export button, every matching row
 * (paging ignored). POST only: a link would be prefetched and build the file unasked.
 */
export async function POST(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  const post = await readFormPost(request);
  if (!post.ok) return post.response;
  // Lenient like the queue page, so the file holds exactly the rows the page showed.
  const { filters } = parseQueueFilters(searchParamsToObject(post.form));
  const prepared = await tooLargeAsRefusal(() => prepareExport(appStore(), user, { kind: 'queue', filters }));
  if (prepared instanceof Response) return prepared;
  if (!prepared) notFound(); // grid workers and every other role: the export does not exist for them
  return xlsxResponse(prepared, request.signal);
}

export const GET = methodNotAllowed;
