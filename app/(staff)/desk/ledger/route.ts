import type { NextRequest } from 'next/server';
import { notFound, redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { getCurrentUser } from '@/lib/auth/current-user';
import { mayExport, prepareExport } from '@/lib/desk/export';
import { monthSchema } from '@/lib/desk/month';
import { xlsxResponse } from '@/lib/desk/xlsx-response';
import { chinaMonth } from '@/lib/stats/period';

/** The monthly ledger as .xlsx: every request received in ?month=YYYY-MM (this month if left out) in the user's scope. */
export async function GET(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  if (!mayExport(user)) notFound();
  const month = monthSchema.safeParse(request.nextUrl.searchParams.get('month') ?? chinaMonth(new Date()));
  if (!month.success) {
    return new Response('月份格式应为 YYYY-MM，例如 ?month=2026-11', { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  const prepared = prepareExport(getDb(), user, { kind: 'ledger', month: month.data });
  if (!prepared) notFound();
  return xlsxResponse(prepared);
}
