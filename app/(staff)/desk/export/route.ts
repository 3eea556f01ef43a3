import type { NextRequest } from 'next/server';
import { notFound, redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { getCurrentUser } from '@/lib/auth/current-user';
import { prepareExport } from '@/lib/desk/export';
import { parseQueueFilters, searchParamsToObject } from '@/lib/desk/filters';
import { xlsxResponse } from '@/lib/desk/xlsx-response';

/** The queue as .xlsx: the same query string as /desk/cases, every matching row (paging ignored). */
export async function GET(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  // Lenient like the queue page, so the file holds exactly the rows the page showed.
  const { filters } = parseQueueFilters(searchParamsToObject(request.nextUrl.searchParams));
  const prepared = prepareExport(getDb(), user, { kind: 'queue', filters });
  if (!prepared) notFound(); // grid workers and every other role: the export does not exist for them
  return xlsxResponse(prepared);
}
