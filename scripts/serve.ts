// The app's server (`npm start`, the demo, e2e, benchmarks): Next's handler behind lib/http/front-server.ts, in one
// process or, with WEB_CONCURRENCY, in several sharing the port (lib/http/cluster.ts). Before it listens, the
// configured database (SQLite at DATABASE_PATH or PostgreSQL at DATABASE_URL) gets the build's pending migrations.
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { migrateConfiguredDatabase } from '@/db/migrate-configured';
import { trustedProxyCount } from '@/lib/http/client-address';
import { processCount, runServer } from '@/lib/http/cluster';
import { createFrontServer } from '@/lib/http/front-server';

export async function serve(opts: { port: number; hostname?: string; dev?: boolean }): Promise<Server> {
  const dev = Boolean(opts.dev);
  // Next expects NODE_ENV to match the mode; set it before Next is loaded.
  (process.env as Record<string, string>).NODE_ENV = dev ? 'development' : 'production';
  // tsx (which runs this file) turns Node's source maps on for every module loaded afterwards, and Next's server chunks
  // come with 50 MB of them: parsed and kept, they took 80 MB of the production server's memory (heap 175 → 91 MB after
  // the first page). `next start` runs without them too; ask for them with NODE_OPTIONS=--enable-source-maps.
  if (!dev && !sourceMapsRequested()) process.setSourceMapsEnabled(false);
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

function sourceMapsRequested(): boolean {
  return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].includes('--enable-source-maps');
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
  void runServers({ port, hostname, dev: process.argv.includes('--dev') });
}

/**
 * The server in WEB_CONCURRENCY processes (one for next dev, which compiles and watches in its own), for this script
 * and start.ts. The primary (the only process without WEB_CONCURRENCY) first applies the pending migrations; on
 * PostgreSQL several servers starting at once take turns (an advisory lock, db/pg/migrate.ts). A migration that
 * fails stops the start: a server on a schema it was not built for would fail request by request instead.
 */
export async function runServers(opts: { port: number; hostname?: string; dev: boolean }): Promise<void> {
  if (cluster.isPrimary) {
    try {
      console.log(await migrateConfiguredDatabase());
    } catch (error) {
      console.error(`Migrations failed, not starting: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  }
  runServer({
    processes: opts.dev ? 1 : processCountOrExit(process.env.WEB_CONCURRENCY),
    start: async () => {
      const server = await serve(opts);
      return { close: () => server.closeAllConnections() };
    },
  });
}

function processCountOrExit(value: string | undefined): number {
  try {
    return processCount(value);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
