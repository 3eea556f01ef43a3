// Story (issue 12): two app servers share one database behind one port. Whoever signs in on one is signed in on
// the other, a case logged on one is handled on the other, two people acting on one case at the same moment on
// different servers never both win, and a server killed in the middle of a burst loses no acknowledged request.
// The same stories on SQLite (project desktop: one file, two processes) and on PostgreSQL (project two-servers-pg:
// the suite's demo database moved into a throwaway cluster with db:copy's code, two servers on DATABASE_URL).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, ACCOUNTS } from './support/auth';
import { startBalancer, type Balancer } from './support/balancer';
import { exited, freePort, startOwnServer, type OwnServer } from './support/own-server';
import { engineOfProject, sharedDemoDatabase, type SharedDatabase } from './support/shared-database';

test.describe.configure({ mode: 'serial' });

let dir: string;
let shared: SharedDatabase;
let uploadsDir: string;
let token: string;
let gridId: number;
let a: OwnServer;
let b: OwnServer | null = null;
let balancer: Balancer;

test.beforeAll(async ({}, testInfo) => {
  test.setTimeout(300_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-two-'));
  uploadsDir = path.join(dir, 'uploads');
  const database = await sharedDemoDatabase(engineOfProject(testInfo.project.metadata), dir);
  test.skip('unavailable' in database, 'unavailable' in database ? database.unavailable : '');
  shared = database as SharedDatabase;
  ({ token, gridId } = shared);
  // One after the other: two cold starts at once on a busy 2-core machine only make both slower.
  a = await startOwnServer({ port: await freePort(), ...shared.server, uploadsDir });
  b = await startOwnServer({ port: await freePort(), ...shared.server, uploadsDir });
  balancer = await startBalancer(await freePort(), [a.url, b.url]);
});

// What the servers logged, beside a failure: on PostgreSQL it names the module or page that failed.
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const [name, server] of [['A', a], ['B', b]] as const) {
    if (!server) continue;
    // A file, not a body: the list reporter shows a body's first line only.
    const file = testInfo.outputPath(`server-${name}.log`);
    fs.writeFileSync(file, server.output());
    await testInfo.attach(`server ${name} output`, { path: file, contentType: 'text/plain' });
  }
});

test.afterAll(async () => {
  await balancer?.close();
  for (const server of [a, b]) {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await exited(server.child);
    }
  }
  await shared?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const api = (base: string, pathname: string, init: RequestInit = {}) =>
  fetch(`${base}${pathname}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    signal: AbortSignal.timeout(60_000),
  });

async function logCase(base: string, description: string, key?: string): Promise<string> {
  const res = await api(base, '/api/v1/cases', {
    method: 'POST',
    headers: key ? { 'idempotency-key': key } : {},
    body: JSON.stringify({ description, source: 'hotline_12345', nodeId: gridId, urgency: 'normal' }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { number: string }).number;
}

async function firstCategoryId(): Promise<number> {
  const [row] = await shared.rows<{ id: number }>('select id from categories order by id limit 1');
  return Number(row!.id);
}

async function signInOn(page: Page, base: string, login: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel('账号或手机号').fill(login);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
}

test('signed in on one server, the grid worker handles on the other a case logged on the first; signing out on one ends it on both', async ({ page }) => {
  test.setTimeout(120_000);
  const description = `12345转办：两台服务器测试，3号楼电梯异响 ${Date.now()}`;
  const number = await logCase(a.url, description);

  await signInOn(page, a.url, ACCOUNTS.gridWorker);
  // The other server: the same session cookie (one host), the same case.
  await page.goto(`${b!.url}/cases/${number}`);
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByText(description)).toBeVisible();
  const accept = page.locator('[data-action-title="受理"]');
  if ((await accept.evaluate((el) => el.tagName)) === 'DETAILS' && (await accept.getAttribute('open')) === null) await accept.locator('> summary').click();
  await accept.locator('form').getByLabel('事项分类').selectOption({ label: '电梯维修（民生服务类）' });
  await accept.locator('form').getByRole('button', { name: '确认受理' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已受理' })).toBeVisible({ timeout: 20_000 });

  // The first server sees what the second wrote.
  const seen = await api(a.url, `/api/v1/cases/${number}`);
  expect(((await seen.json()) as { status: string; version: number })).toMatchObject({ status: 'accepted', version: 1 });

  // Signing out on the second server ends the session on the first as well.
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(`${a.url}/work`);
  await expect(page).toHaveURL(/\/login/);
});

test('50 pairs of simultaneous accepts of one case, one on each server: exactly one of each pair wins', async () => {
  test.setTimeout(180_000);
  const categoryId = await firstCategoryId();
  const numbers: string[] = [];
  for (let i = 0; i < 50; i += 1) numbers.push(await logCase(i % 2 ? a.url : b!.url, `12345转办：并发受理测试 第${i + 1}件 ${Date.now()}`));

  const accept = (base: string, number: string) =>
    api(base, `/api/v1/cases/${number}/actions`, { method: 'POST', body: JSON.stringify({ action: 'accept', categoryId, urgency: 'normal', version: 0 }) }).then((r) => r.status);
  const pairs = await Promise.all(numbers.map((n) => Promise.all([accept(a.url, n), accept(b!.url, n)])));
  for (const [i, pair] of pairs.entries()) expect(pair.slice().sort(), `pair ${i + 1}`).toEqual([200, 409]);

  const placeholders = numbers.map(() => '?').join(',');
  const [accepted] = await shared.rows<{ n: number | string }>(
    `select count(*) as n from case_events e join cases c on c.id = e.case_id where c.number in (${placeholders}) and e.action = 'accept'`,
    numbers,
  );
  expect(Number(accepted!.n), 'one accept event per case').toBe(50);
});

test('200 creates through the balancer, one server killed with SIGKILL midway: every acknowledged request is stored exactly once', async () => {
  test.setTimeout(240_000);
  const REQUESTS = 200;
  const KILL_AFTER = 40;
  const run = Date.now().toString(36);
  const keyOf = (i: number) => `two-${run}-${String(i).padStart(4, '0')}`;
  const create = (base: string, i: number) =>
    api(base, '/api/v1/cases', {
      method: 'POST',
      headers: { 'idempotency-key': keyOf(i) },
      body: JSON.stringify({ description: `12345转办：两台服务器压力测试 第${i + 1}件`, source: 'hotline_12345', nodeId: gridId, urgency: 'normal' }),
    });

  const victim = b!;
  const killed = exited(victim.child);
  let acknowledgedSoFar = 0;
  const outcomes = await Promise.all(
    Array.from({ length: REQUESTS }, async (_, i) => {
      try {
        const res = await create(balancer.url, i);
        const body = (await res.json().catch(() => ({}))) as { number?: string };
        if (res.status === 201 && body.number) {
          acknowledgedSoFar += 1;
          if (acknowledgedSoFar === KILL_AFTER) victim.child.kill('SIGKILL');
          return { status: 201, number: body.number };
        }
        return { status: res.status, number: '' };
      } catch (error) {
        return { status: 0, number: String(error) };
      }
    }),
  );
  await killed;
  expect(victim.child.signalCode).toBe('SIGKILL');
  expect(balancer.served[0]! > 0 && balancer.served[1]! > 0, `both servers answered (${balancer.served.join(' / ')})`).toBe(true);

  const acknowledged = new Map<number, string>();
  outcomes.forEach((o, i) => {
    if (o.status === 201) acknowledged.set(i, o.number);
  });
  const unanswered = outcomes.map((_, i) => i).filter((i) => !acknowledged.has(i));
  // Only the balancer's 502 (the killed server) or a cut connection; never an error of the app.
  expect(outcomes.filter((o) => o.status !== 201 && o.status !== 502 && o.status !== 0)).toEqual([]);
  expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(unanswered.length, 'the kill landed before the burst was over').toBeGreaterThan(0);

  // The other system retries what got no answer, with the same key, on the server that is left.
  for (const i of unanswered) {
    const res = await create(a.url, i);
    expect([200, 201], `retry of request ${i}`).toContain(res.status);
  }
  for (const [i, number] of acknowledged) {
    const res = await create(a.url, i);
    expect(res.status, `repeat of acknowledged request ${i}`).toBe(200);
    expect(((await res.json()) as { number: string }).number).toBe(number);
  }

  const rows = await shared.rows<{ key: string; number: string }>('select client_key as key, number from cases where client_key like ?', [`two-${run}-%`]);
  expect(rows).toHaveLength(REQUESTS);
  expect(new Set(rows.map((r) => r.number)).size).toBe(REQUESTS);
  const byKey = new Map(rows.map((r) => [r.key, r.number]));
  for (const [i, number] of acknowledged) expect(byKey.get(keyOf(i)), `acknowledged request ${i}`).toBe(number);
  if (shared.engine === 'sqlite') {
    const [check] = await shared.rows<{ integrity_check: string }>('pragma integrity_check');
    expect(check!.integrity_check).toBe('ok');
  }
  console.log(`two-servers (${shared.engine}): ${acknowledged.size} acknowledged before the kill (served ${balancer.served.join(' / ')}), ${unanswered.length} retried on the other server`);
});
