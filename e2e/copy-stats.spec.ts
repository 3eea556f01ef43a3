// Story (issue 12, Tests): a county moves to PostgreSQL with `npm run db:copy`, and its statistics page shows exactly
// the figures it showed on SQLite. The suite's demo database (a snapshot), served by one server on the SQLite file and
// one on its PostgreSQL copy (db:copy's code, every table verified), the same statistics pages asked of both at the
// same moment by the same accounts: the page's text is the same, figure for figure, row for row, in the same order.
// Project `postgres` only (playwright.config.ts); skipped with the reason without PostgreSQL, a failure under
// PG_TESTS_REQUIRED=1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import { ACCOUNTS, signIn } from './support/auth';
import { exited, freePort, startOwnServer, type OwnServer } from './support/own-server';
import { sharedDemoDatabase, type SharedDatabase } from './support/shared-database';

test.describe.configure({ mode: 'serial' });

let dir: string;
let shared: SharedDatabase;
let onSqlite: OwnServer | undefined;
let onPostgres: OwnServer | undefined;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-copy-stats-'));
  const database = await sharedDemoDatabase('pg', dir);
  test.skip('unavailable' in database, 'unavailable' in database ? database.unavailable : '');
  shared = database as SharedDatabase;
  const uploadsDir = path.join(dir, 'uploads');
  onSqlite = await startOwnServer({ port: await freePort(), databasePath: shared.sqliteFile, uploadsDir });
  onPostgres = await startOwnServer({ port: await freePort(), ...shared.server, uploadsDir });
});

// What the servers logged, beside a failure: on PostgreSQL it names the module or page that failed.
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const [name, server] of [['SQLite', onSqlite], ['PostgreSQL', onPostgres]] as const) {
    if (!server) continue;
    // A file, not a body: the list reporter shows a body's first line only.
    const file = testInfo.outputPath(`server-${name}.log`);
    fs.writeFileSync(file, server.output());
    await testInfo.attach(`server ${name} output`, { path: file, contentType: 'text/plain' });
  }
});

test.afterAll(async () => {
  for (const server of [onSqlite, onPostgres]) {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await exited(server.child);
    }
  }
  await shared?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The text of each page on both servers, asked at the same moment (figures that depend on the clock move together). */
async function pagesOnBoth(browser: Browser, login: string, urls: readonly string[]): Promise<{ sqlite: string[]; pg: string[] }> {
  const open = async (server: OwnServer) => {
    const context = await browser.newContext({ baseURL: server.url, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await signIn(page, login);
    return { context, page };
  };
  const [s, p] = await Promise.all([open(onSqlite!), open(onPostgres!)]);
  const texts = { sqlite: [] as string[], pg: [] as string[] };
  try {
    for (const url of urls) {
      const [a, b] = await Promise.all(
        [s.page, p.page].map(async (page) => {
          const response = await page.goto(url);
          expect(response?.status(), `${url} on ${page === s.page ? 'SQLite' : 'PostgreSQL'}`).toBe(200);
          await expect(page.getByRole('heading', { name: '统计分析' })).toBeVisible();
          return page.locator('#main').innerText();
        }),
      );
      texts.sqlite.push(a!);
      texts.pg.push(b!);
    }
  } finally {
    await s.context.close();
    await p.context.close();
  }
  return texts;
}

test('the statistics of the PostgreSQL copy are those of its SQLite source: the secretary, the township, the administrator', async ({ browser }) => {
  test.setTimeout(240_000);
  const secretaryPages = [
    '/desk/stats?period=last_12_months',
    '/desk/stats?period=last_month',
    '/desk/stats?period=this_year&show=grid',
    `/desk/stats?period=last_12_months&gridId=${shared.gridId}`,
  ];
  for (const [login, urls] of [
    [ACCOUNTS.secretary, secretaryPages],
    ['zhenshuji', ['/desk/stats?period=last_12_months&show=grid_worker']],
    [ACCOUNTS.admin, ['/desk/stats?period=last_12_months']],
  ] as const) {
    const { sqlite, pg } = await pagesOnBoth(browser, login, urls);
    urls.forEach((url, i) => {
      // Not a page of zeros: the demo's year of requests is there to compare.
      expect(sqlite[i], `${login} ${url} on SQLite`).toMatch(/响应率[\s\S]*满意率[\s\S]*收到件数/);
      expect(pg[i], `${login} ${url}: PostgreSQL copy vs SQLite source`).toBe(sqlite[i]);
    });
  }
});
