// The frame every /api/v1 handler runs in: find the caller, run the endpoint, turn a crash into a plain 500.
import { appStore, type Store } from '@/db/store';
import type { Viewer } from '@/lib/cases/visibility';
import { resolveCaller } from './auth';
import { internalError } from './http';

export type EndpointContext<P> = { store: Store; caller: Viewer; request: Request; params: P };

/** `where` names the endpoint in the server log, e.g. "POST /api/v1/cases". */
export function apiRoute<P extends Record<string, string> = Record<string, never>>(
  where: string,
  endpoint: (ctx: EndpointContext<P>) => Response | Promise<Response>,
) {
  const handler = async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const store = appStore();
      const caller = await resolveCaller(store, request);
      if (!caller.ok) return caller.response;
      return await endpoint({ store, caller: caller.caller, request, params: await context.params });
    } catch (error) {
      return internalError(error, where);
    }
  };
  ENDPOINTS.set(handler, endpoint as Endpoint);
  return handler;
}

type Endpoint = (ctx: EndpointContext<Record<string, string>>) => Response | Promise<Response>;
const ENDPOINTS = new WeakMap<object, Endpoint>();

/**
 * The endpoint a route handler made by apiRoute runs, so a test can call it as a signed-in caller (a session needs
 * Next's request context): lib/auth/scope-matrix.test.ts asks every API route as every role this way.
 */
export function endpointOf(handler: object): Endpoint | undefined {
  return ENDPOINTS.get(handler);
}
