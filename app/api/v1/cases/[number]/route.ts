// /api/v1/cases/{number}: one case with its timeline and the actions open to the caller.
import { json, notFound } from '@/lib/api/http';
import { caseDetailJson } from '@/lib/api/responses';
import { apiRoute } from '@/lib/api/route';
import { getCaseDetail } from '@/lib/cases/queries';
import { caseNumberSchema } from '@/lib/cases/schemas';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ number: string }>('GET /api/v1/cases/{number}', async ({ store, caller, request, params }) => {
  // A malformed number names no case: answered like any case the caller cannot see.
  const number = caseNumberSchema.safeParse(params.number);
  const detail = number.success ? await getCaseDetail(store.db, caller, number.data) : null;
  return detail ? json(caseDetailJson(detail), 200, undefined, request) : notFound();
});
