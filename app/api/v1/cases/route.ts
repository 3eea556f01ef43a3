// /api/v1/cases: the caller's cases, page by page, and logging a new one.
import { apiError, commandError, json, parseWith, queryObject, readJsonBody } from '@/lib/api/http';
import { caseListJson } from '@/lib/api/responses';
import { apiRoute } from '@/lib/api/route';
import { createCase } from '@/lib/cases/commands';
import { listCasesOf } from '@/lib/cases/queries';
import { caseListQuerySchema, clientKeySchema, createCaseSchema } from '@/lib/cases/schemas';

export const dynamic = 'force-dynamic';

export const GET = apiRoute('GET /api/v1/cases', async ({ store, caller, request }) => {
  const query = parseWith(caseListQuerySchema, queryObject(new URL(request.url).searchParams));
  if (!query.ok) return query.response;
  return json(caseListJson(await listCasesOf(store, caller, query.data)), 200, undefined, request);
});

export const POST = apiRoute('POST /api/v1/cases', async ({ store, caller, request }) => {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const input = parseWith(createCaseSchema, body.data);
  if (!input.ok) return input.response;
  // A retrying system sends the same Idempotency-Key and gets the case it already logged.
  const keyHeader = request.headers.get('idempotency-key');
  const key = keyHeader === null ? undefined : clientKeySchema.safeParse(keyHeader);
  if (key && !key.success) return apiError('validation_failed', 'Idempotency-Key 须为 16–64 位字母、数字或连字符。');

  const result = await createCase(store, caller, { ...input.data, clientKey: key?.data }, []);
  if (!result.ok) return commandError(result);
  const created = { number: result.number, status: 'submitted', version: result.version, statusUrl: `/t/${result.token}` };
  return json(created, result.replayed ? 200 : 201, { Location: `/api/v1/cases/${result.number}` });
});
