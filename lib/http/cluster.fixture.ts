// A stand-in for scripts/serve.ts in cluster.test.ts: runServer with the front server and a small app in place of
// Next, on the database at DATABASE_PATH. GET /whoami says which process answered and whether it runs the jobs;
// POST /cases logs a request through the same command (group-committed by the store) as the API.
import { eq } from 'drizzle-orm';
import { appStore } from '@/db/store';
import { accounts } from '@/db/tables';
import { loadUser } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCase } from '@/lib/cases/commands';
import { runServer, runsJobs, SLOT_ENV } from './cluster';
import { createFrontServer } from './front-server';

runServer({
  processes: Number(process.env.WEB_CONCURRENCY ?? 1),
  stableAfterMs: 1_000,
  start: async () => {
    if (process.env.FIXTURE_FAIL_START === '1') throw new Error('fixture: refusing to start');
    const db = appStore().db;
    const [account] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'wg01')).limit(1);
    const user = (await loadUser(db, account!.id))!;
    const actor = actorFromUser(user);
    const nodeId = user.scopeNodes[0]!.id;
    const server = createFrontServer(
      async (req, res) => {
        res.setHeader('content-type', 'application/json');
        if (req.method === 'GET' && req.url === '/whoami') {
          res.end(JSON.stringify({ pid: process.pid, slot: process.env[SLOT_ENV] ?? null, jobs: runsJobs() }));
          return;
        }
        if (req.method === 'POST' && req.url === '/cases') {
          let body = '';
          for await (const chunk of req) body += String(chunk);
          const { description } = JSON.parse(body) as { description: string };
          const created = await createCase(appStore(), actor, { description, source: 'patrol', nodeId, urgency: 'normal' }, []);
          res.statusCode = created.ok ? 201 : 422;
          res.end(JSON.stringify(created.ok ? { number: created.number, pid: process.pid } : created));
          return;
        }
        res.statusCode = 404;
        res.end('{}');
      },
      { trustedProxies: 0 },
    );
    await new Promise<void>((resolve) => server.listen(Number(process.env.PORT), '127.0.0.1', resolve));
    return { close: () => server.closeAllConnections() };
  },
});
