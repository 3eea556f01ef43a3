// The client's address for throttling, as derived by the front server (lib/http/front-server.ts).
import { CLIENT_IP_HEADER } from '@/lib/http/client-address';

/**
 * Only the front server's header counts: it deletes any copy the client sent and writes the
 * socket's address (or the first trusted proxy's view), so X-Forwarded-For cannot be spoofed
 * past the throttles. Null when the app runs without the front server.
 */
export function clientIp(headers: Headers): string | null {
  return headers.get(CLIENT_IP_HEADER) || null;
}
