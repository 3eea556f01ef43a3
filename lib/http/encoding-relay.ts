// A compressed answer through Next: Next drops a route handler's Content-Encoding (it cannot tell a body the route
// encoded from one fetch() already decoded), so a route that gzips its own answer names the encoding in
// RELAYED_ENCODING_HEADER instead, and the front server (lib/http/front-server.ts) sends it as Content-Encoding.
// The front server marks every request it serves with RELAYS_ENCODING_HEADER (whatever the client sent under that
// name is replaced), so a route compresses only when someone will say so: served any other way (a test calling
// the handler, a server without the front server), the answer goes out as plain text.

/** On the request: "1" when the front server relays RELAYED_ENCODING_HEADER. */
export const RELAYS_ENCODING_HEADER = 'x-yinghuo-relays-encoding';
/** On the response: the Content-Encoding of the body the route wrote. */
export const RELAYED_ENCODING_HEADER = 'x-yinghuo-content-encoding';
/** The encodings a route may name (what lib/api/http.ts writes). */
export const RELAYED_ENCODINGS: ReadonlySet<string> = new Set(['gzip']);
