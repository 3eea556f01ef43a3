// POST /api/v1/cases/{number}/actions: one lifecycle action against the version the caller saw.
import { appStore } from '@/db/store';
import { performAction } from '@/lib/cases/commands';
import { actionSchema, caseNumberSchema } from '@/lib/cases/schemas';
import { commandError, json, notFound, parseWith, readJsonBody } from './http';
import type { EndpointContext } from './route';

/** The endpoint itself, apart from finding the caller, so tests can call it as any caller (a party member's session too). */
export async function caseActionEndpoint({ caller, request, params }: EndpointContext<{ number: string }>): Promise<Response> {
  const number = caseNumberSchema.safeParse(params.number);
  if (!number.success) return notFound();
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const input = parseWith(actionSchema, body.data);
  if (!input.ok) return input.response;

  const result = await performAction(appStore(), caller, { number: number.data }, input.data);
  if (!result.ok) return commandError(result);
  return json({ number: result.number, status: result.status, version: result.version });
}
