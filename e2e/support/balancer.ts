// A round-robin load balancer for tests: one port in front of several app servers, each request to the next
// server in turn (as nginx's default upstream does), the client's address appended to X-Forwarded-For.
// A server that refuses the connection (killed) answers 502, as nginx would without a retry.
// A test may pin one request to one server with the header `x-test-upstream: <index>` (stripped before it is
// passed on): to make sure two steps of one story land on different servers.
import http from 'node:http';
import type net from 'node:net';

export const PIN_HEADER = 'x-test-upstream';

export type Balancer = { url: string; served: number[]; close: () => Promise<void> };

export async function startBalancer(port: number, upstreams: string[]): Promise<Balancer> {
  const targets = upstreams.map((u) => new URL(u));
  const served = targets.map(() => 0);
  let next = 0;
  const server = http.createServer((req, res) => {
    const { [PIN_HEADER]: pin, ...headers } = req.headers;
    const pinned = typeof pin === 'string' && /^\d+$/.test(pin) && Number(pin) < targets.length ? Number(pin) : null;
    const i = pinned ?? next;
    if (pinned === null) next = (next + 1) % targets.length;
    const target = targets[i]!;
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...headers, 'x-forwarded-for': forwardedFor } },
      (answer) => {
        served[i] = (served[i] ?? 0) + 1;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bad gateway');
    });
    req.pipe(upstream);
  });
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
