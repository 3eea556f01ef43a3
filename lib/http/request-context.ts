// The id of the request being served, for log lines written anywhere below the front server.
import { AsyncLocalStorage } from 'node:async_hooks';

export type RequestContext = { requestId: string };

/**
 * One store per process, kept on globalThis: the front server and the app's bundled server
 * code each get their own copy of this module, and both must see the same store.
 */
const KEY = Symbol.for('yinghuo.requestContext');
const holder = globalThis as typeof globalThis & { [KEY]?: AsyncLocalStorage<RequestContext> };
export const requestContext: AsyncLocalStorage<RequestContext> = (holder[KEY] ??= new AsyncLocalStorage<RequestContext>());

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}
