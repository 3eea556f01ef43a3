// Story: a real community starts from an empty database. `npm run setup` writes the county, township, community and the
// first administrator; the administrator builds a grid and a building in the org browser, brings in the community's
// population ledger from Excel and opens an account for a grid worker; the worker signs in with the one-time password,
// must replace it, visits a household, tags it 独居 on the spot and logs a request from the visit.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { devices, expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { exited, freePort, startOwnServer, type OwnServer } from './support/own-server';

// A server of its own, two people, an import: more than the default 30 s on a busy 2-core machine.
test.describe.configure({ timeout: 180_000 });

const ADMIN_PASSWORD = 'Xinhua2027setup';
let dir: string;
let server: OwnServer | null = null;

test.beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-first-'));
});
test.afterEach(async () => {
  if (server) {
    server.child.kill('SIGKILL');
    await exited(server.child);
    server = null;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

async function signInThroughForm(page: Page, url: string, login: string, password: string) {
  await page.goto(`${url}/login`);
  await page.getByLabel('账号或手机号').fill(login);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

test('from an empty database: setup, a grid and a building, an Excel import, a grid worker with a one-time password, a visit that tags a household and logs a request', { tag: '@desk' }, async ({ page, browser }) => {
  const databasePath = path.join(dir, 'yinghuo.db');
  const uploadsDir = path.join(dir, 'uploads');

  // 1. npm run setup, as the README says, on a database file that does not exist yet.
  const setup = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/setup.ts', '--county=稷山县', '--township=稷峰镇', '--community=新华社区', '--admin=chief'], {
    env: { ...process.env, DATABASE_PATH: databasePath, YINGHUO_ADMIN_PASSWORD: ADMIN_PASSWORD },
    encoding: 'utf8',
  });
  expect(setup.status, setup.stderr).toBe(0);
  expect(setup.stdout).toContain('初始化完成');
  server = await startOwnServer({ port: await freePort(), databasePath, uploadsDir });
  const { url } = server;

  // 2. The administrator: an empty community, then a grid and a building through the org browser.
  await signInThroughForm(page, url, 'chief', ADMIN_PASSWORD);
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
  await page.goto(`${url}/org`);
  await page.getByRole('link', { name: '新华社区', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: '新华社区' })).toBeVisible();
  await page.getByRole('link', { name: '新建网格' }).click();
  await page.getByLabel('网格名称').fill('幸福里');
  await page.getByRole('button', { name: '新建网格' }).click();
  await expect(page.getByText('已新建「幸福里」。')).toBeVisible();
  await page.getByRole('link', { name: '新建楼栋' }).click();
  await page.getByLabel('楼栋名称').fill('1号楼');
  await page.getByRole('button', { name: '新建楼栋' }).click();
  await expect(page.getByText('已新建「1号楼」。')).toBeVisible();

  // 3. The community's population ledger, filled into the downloaded template: an old man living alone in 1号楼,
  //    a family in 2号楼 (a building the import creates under the grid).
  await page.goto(`${url}/registry/import`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '人口台账模板' }).click()]);
  const file = path.join(dir, 'ledger.xlsx');
  await download.saveAs(file);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet('人口台账')!;
  const headers = (sheet.getRow(1).values as string[]).slice(1);
  const row = (values: Record<string, string>) => headers.map((h) => values[h] ?? '');
  sheet.addRow(row({ 网格: '幸福里', 楼栋: '1号楼', 单元: '1单元', 门牌号: '101', 姓名: '郭守田', 与户主关系: '户主', 性别: '男', 出生日期: '1940-03-12', 联系电话: '13935910101' }));
  sheet.addRow(row({ 网格: '幸福里', 楼栋: '2号楼', 单元: '1单元', 门牌号: '202', 姓名: '王建军', 与户主关系: '户主', 性别: '男', 出生日期: '1982-06-01', 联系电话: '13935910202' }));
  sheet.addRow(row({ 网格: '幸福里', 楼栋: '2号楼', 单元: '1单元', 门牌号: '202', 姓名: '王小雨', 与户主关系: '子女', 性别: '女', 出生日期: '2016-09-09' }));
  // writeBuffer, not writeFile: exceljs's writeFile ends the file when the zip is generated, racing the pipe that writes it (a rare truncated file, FILE_ENDED on reading it back).
  fs.writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
  await page.getByLabel(/Excel 文件/).setInputFiles(file);
  await page.getByRole('button', { name: '上传并预览' }).click();
  await page.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByRole('status').filter({ hasText: '导入完成' })).toContainText('住户 新增 2');

  // 4. An account for the grid worker of 幸福里.
  await page.goto(`${url}/admin/accounts/new`);
  await page.getByLabel('账号（登录名）').fill('xfl01');
  await page.getByLabel('姓名').fill('李春梅');
  await page.getByLabel('角色').selectOption({ label: '网格员' });
  await page.getByRole('checkbox', { name: '新华社区 · 幸福里' }).check();
  await page.getByRole('button', { name: '创建账号' }).click();
  const issued = page.getByRole('status').filter({ hasText: '账号 xfl01 已创建' });
  await expect(issued).toBeVisible();
  const oneTimePassword = (await issued.getByTestId('one-time-password').textContent())!.trim();

  // 5. The grid worker on their phone: the one-time password must be replaced before anything else.
  const worker = await (await browser.newContext({ ...devices['Pixel 7'] })).newPage();
  await signInThroughForm(worker, url, 'xfl01', oneTimePassword);
  await expect(worker).toHaveURL(/\/account\/password$/);
  await worker.getByLabel('当前密码').fill(oneTimePassword);
  await worker.getByLabel('新密码', { exact: true }).fill('Lichunmei2027');
  await worker.getByLabel('再次输入新密码').fill('Lichunmei2027');
  await worker.getByRole('button', { name: '修改密码' }).click();
  await expect(worker.getByRole('heading', { level: 1, name: '我的工作' })).toBeVisible();

  // 6. 今日走访: every imported household is due (never visited); the 85-year-old's is visited and tagged 独居.
  await worker.goto(`${url}/work/visits`);
  await expect(worker.getByRole('heading', { level: 1, name: '今日走访' })).toBeVisible();
  await expect(worker.getByTestId('visit-plan-item')).toHaveCount(2);
  const oldMan = worker.getByTestId('visit-plan-item').filter({ hasText: '101' });
  await expect(oldMan).toContainText('80岁以上');
  await oldMan.getByRole('link').first().click();
  await worker.getByRole('button', { name: '郭守田' }).click();
  await worker.getByLabel(/走访情况/).fill('老人独自居住，身体尚可，子女在外地');
  await worker.getByLabel('发现的问题').fill('厨房燃气灶打火困难');
  await worker.getByRole('group', { name: /关爱标签/ }).getByRole('checkbox', { name: '独居' }).check();
  await worker.getByRole('button', { name: '保存走访记录' }).click();
  await expect(worker.getByRole('heading', { name: '走访已记录' })).toBeVisible();
  await expect(worker.getByText('关爱标签已更新。')).toBeVisible();

  // 7. One tap from the visit to a request, door-knocking, the household filled in.
  await worker.getByRole('link', { name: '由此登记诉求' }).click();
  await expect(worker.getByRole('radio', { name: /敲门走访/ })).toBeChecked();
  await worker.getByLabel(/诉求内容/).fill('走访发现：独居老人家中燃气灶打火困难，请协调维修');
  await worker.getByRole('button', { name: '提交登记' }).click();
  await expect(worker.getByRole('heading', { name: /登记成功/ })).toBeVisible();
  const number = (await worker.getByRole('link', { name: /^YH\d{8}-\d{4,}$/ }).first().textContent())!.trim();

  // The household page: the new tag beside the computed 80岁以上, and the visit with its request.
  await worker.getByRole('link', { name: '返回今日走访' }).click();
  const visited = worker.getByTestId('visit-plan-item').filter({ hasText: '101' });
  await expect(visited.getByText('今日已走访')).toBeVisible();
  await expect(visited.getByRole('list', { name: '关爱标签' })).toContainText('独居');
  const householdId = (await visited.getByRole('link').first().getAttribute('href'))!.split('/').pop();
  await worker.goto(`${url}/households/${householdId}`);
  await expect(worker.getByText('80岁以上（按出生日期自动计算）')).toBeVisible();
  await expect(worker.getByRole('region', { name: /走访记录/ }).getByRole('link', { name: `诉求 ${number}` })).toBeVisible();
  await worker.context().close();
});
