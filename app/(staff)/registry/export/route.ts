import type { NextRequest } from 'next/server';
import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { appStore } from '@/db/store';
import { getCurrentUser } from '@/lib/auth/current-user';
import { xlsxResponse } from '@/lib/desk/xlsx-response';
import { methodNotAllowed, readFormPost } from '@/lib/http/form-post';
import { LEDGER_KINDS } from '@/lib/registry/import/columns';
import { prepareLedgerExport } from '@/lib/registry/export-ledgers';

const exportSchema = z.object({
  communityId: z.coerce.number().int().positive(),
  ledger: z.enum(LEDGER_KINDS),
  idNumbers: z.literal('1').optional(),
});

/** A registry ledger as .xlsx in the template layout. POST only: a link would be prefetched and export (and audit) unasked. */
export async function POST(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  if (user.role !== 'admin' && user.role !== 'secretary') notFound();
  const post = await readFormPost(request);
  if (!post.ok) return post.response;
  const parsed = exportSchema.safeParse(Object.fromEntries(post.form));
  if (!parsed.success) notFound();
  const prepared = await prepareLedgerExport(appStore(), user, { communityId: parsed.data.communityId, kind: parsed.data.ledger, includeIdNumbers: parsed.data.idNumbers === '1' });
  if (!prepared) notFound(); // a community outside the exporter's scope looks like one that does not exist
  return xlsxResponse(prepared, request.signal);
}

export const GET = methodNotAllowed;
