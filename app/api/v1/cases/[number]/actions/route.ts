// /api/v1/cases/{number}/actions: one lifecycle action against the version the caller saw.
import { commandError, json, notFound, parseWith, readJsonBody } from '@/lib/api/http';
import { apiRoute } from '@/lib/api/route';
import { performAction } from '@/lib/cases/commands';
import { actionSchema, caseNumberSchema } from '@/lib/cases/schemas';

export const dynamic = 'force-dynamic';

export const POST = apiRoute<{ number: string }>('POST /api/v1/cases/{number}/actions', async ({ db, caller, request, params }) => {
  const number = caseNumberSchema.safeParse(params.number);
  if (!number.success) return notFound();
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const input = parseWith(actionSchema, body.data);
  if (!input.ok) return input.response;

  const result = performAction(db, caller, { number: number.data }, input.data);
  if (!result.ok) return commandError(result);
  return json({ number: result.number, status: result.status, version: result.version });
});
