// The app's server (`npm start`, the demo, e2e, benchmarks): Next's handler behind lib/http/front-server.ts.
import type { Server } from 'node:http';
import { trustedProxyCount } from '@/lib/http/client-address';
import { createFrontServer } from '@/lib/http/front-server';

export async function serve(opts: { port: number; hostname?: string; dev?: boolean }): Promise<Server> {
  const dev = Boolean(opts.dev);
  // Next expects NODE_ENV to match the mode; set it before Next is loaded.
  (process.env as Record<string, string>).NODE_ENV = dev ? 'development' : 'production';
  const { default: next } = await import('next');
  const app = next({ dev, hostname: opts.hostname ?? 'localhost', port: opts.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createFrontServer((req, res) => handle(req, res), {
    trustedProxies: trustedProxyCount(process.env.TRUSTED_PROXIES),
    dev,
    authUrl: process.env.AUTH_URL,
  });
  await new Promise<void>((resolve) => server.listen(opts.port, opts.hostname, resolve));
  return server;
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  // Without it next-auth fails on the first sign-in; say so at once (`npm run demo` generates one, production sets it).
  if (!process.env.AUTH_SECRET && !process.argv.includes('--dev')) {
    console.error('AUTH_SECRET is not set: generate one with `openssl rand -base64 32` and keep it in the environment (README: Run it for your community).');
    process.exit(1);
  }
  const port = Number(argument('-p') ?? process.env.PORT ?? 3000);
  const hostname = argument('-H') ?? process.env.HOSTNAME;
  serve({ port, hostname, dev: process.argv.includes('--dev') }).then(
    (server) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { server.closeAllConnections(); process.exit(0); });
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
