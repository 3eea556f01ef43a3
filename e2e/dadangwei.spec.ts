// 大党委 on phones: the secretary lists a need and opens a project for the power company; its liaison reports progress
// with a note and a photo; another unit's liaison finds no link, gets 404 at the URL, and a forged step is refused;
// the secretary confirms completion, the 汇总表 shows it, and the exported workbook holds it.
import AxeBuilder from '@axe-core/playwright';
import { devices, expect, test, type Browser, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { expectNotFound, signIn } from './support/auth';

const PHOTO = 'e2e/fixtures/wish.jpg';

/** Another person's phone: a browser context of its own. */
function phone(browser: Browser) {
  return browser.newContext({ ...devices['Pixel 7'], baseURL: test.info().project.use.baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(serious, page.url()).toEqual([]);
}

async function timeline(page: Page) {
  return page.getByRole('region', { name: '进展记录' });
}

test('a unit reports progress on its own project only; the secretary confirms it and the summary and its workbook show it', async ({ browser, page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const needTitle = `e2e 楼道照明需求 ${stamp}`;
  const projectTitle = `e2e 楼道灯更换 ${stamp}`;
  const note = `已更换 5 号楼楼道灯 12 盏 ${stamp}`;

  // The secretary: a need of 龙湖社区, and a project for it owned by the power company.
  await signIn(page, 'shuji');
  await page.goto('/cobuild/needs');
  const newNeed = page.getByRole('region', { name: '新增需求' });
  await newNeed.getByRole('button', { name: '新增需求' }).click();
  await expect(newNeed.getByText('请填写需求名称')).toBeVisible();
  await newNeed.getByLabel(/需求名称/).fill(needTitle);
  await newNeed.getByRole('button', { name: '新增需求' }).click();
  await expect(page.getByRole('heading', { name: needTitle, level: 1 })).toBeVisible();
  await page.getByText('为此需求立项').click();
  await page.getByLabel(/项目名称/).fill(projectTitle);
  await page.getByLabel('牵头单位').selectOption({ label: '国网新绛县供电公司' });
  await page.getByLabel('计划完成日期').fill('2026-12-31');
  await page.getByRole('button', { name: '立项' }).click();
  await expect(page.getByRole('heading', { name: projectTitle, level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '已立项。' })).toBeVisible();
  const projectUrl = new URL(page.url()).pathname;
  expect(projectUrl).toMatch(/^\/cobuild\/projects\/\d+$/);

  // The power company's liaison, on the phone: from the unit home to the project, a note and a photo.
  const owner = await phone(browser);
  const ownerPage = await owner.newPage();
  await signIn(ownerPage, 'dw01');
  await ownerPage.goto('/unit');
  await ownerPage.getByRole('region', { name: /本单位共建项目/ }).getByRole('link', { name: new RegExp(projectTitle) }).click();
  await expect(ownerPage.getByRole('heading', { name: projectTitle, level: 1 })).toBeVisible();
  await expect(ownerPage.getByRole('button', { name: '确认完成' })).toHaveCount(0);
  const report = ownerPage.getByRole('form', { name: '报告进展' });
  await report.getByRole('button', { name: '报告进展' }).click();
  await expect(report.getByRole('alert')).toHaveText('请填写说明');
  await expect(report.getByLabel(/说明/)).toHaveAttribute('aria-invalid', 'true');
  await report.getByLabel(/说明/).fill(note);
  await report.locator('input[type=file][name=photos]:not([capture])').setInputFiles(PHOTO);
  await expect(report.getByText('已选 1/3 张')).toBeVisible();
  await report.getByRole('button', { name: '报告进展' }).click();
  await expect(ownerPage.getByRole('status').filter({ hasText: '已报告进展。' })).toBeVisible();
  await expect(await timeline(ownerPage)).toContainText(note);
  const photo = (await timeline(ownerPage)).getByRole('img', { name: '报告进展照片 1' });
  await expect(photo).toBeVisible();
  // Visible as soon as it has its (square) box, before its file has arrived: ask until it has loaded.
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0))).toBeGreaterThan(0);
  await expect(ownerPage.getByText('推进中').first()).toBeVisible();
  await expectNoSeriousViolations(ownerPage);

  // The hospital's liaison: no link, the URL is "not found", and a step sent with their session is refused.
  const other = await phone(browser);
  const otherPage = await other.newPage();
  await signIn(otherPage, 'dw02');
  await otherPage.goto('/unit');
  await expect(otherPage.getByRole('region', { name: /本单位共建项目/ })).toBeVisible();
  await expect(otherPage.getByRole('link', { name: new RegExp(projectTitle) })).toHaveCount(0);
  const response = await otherPage.goto(projectUrl);
  expect(response?.status()).toBe(404);
  await expectNotFound(otherPage);
  // The owner's page, its session swapped for the hospital liaison's: the server action itself must refuse.
  await ownerPage.reload();
  const forged = ownerPage.getByRole('form', { name: '报告进展' });
  await forged.getByLabel(/说明/).fill('冒名报告');
  await owner.clearCookies();
  await owner.addCookies(await other.cookies());
  const refused = ownerPage.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === projectUrl);
  await forged.getByRole('button', { name: '报告进展' }).click();
  // The action answers "not found", as the page did: nothing tells the project exists.
  expect((await refused).status()).toBe(404);
  await owner.clearCookies();
  await signIn(ownerPage, 'dw01');
  await ownerPage.goto(projectUrl);
  await expect(await timeline(ownerPage)).toContainText(note);
  await expect(await timeline(ownerPage)).not.toContainText('冒名报告');

  // The owner reports it done; only the secretary's confirmation makes it 已完成.
  const done = ownerPage.getByRole('form', { name: '报告完成' });
  await done.getByLabel(/说明/).fill('全部更换完毕，居民验收满意');
  await done.getByRole('button', { name: '报告完成' }).click();
  await expect(ownerPage.getByRole('status').filter({ hasText: '已报告完成。' })).toBeVisible();
  await expect(ownerPage.getByText('单位已报完成，待确认')).toBeVisible();

  await page.goto(projectUrl);
  await page.getByRole('form', { name: '确认完成' }).getByRole('button', { name: '确认完成' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已确认完成。' })).toBeVisible();

  // The 汇总表: the need, its project, the owner, 已完成.
  await page.goto('/cobuild');
  const row = page.getByRole('row', { name: projectTitle });
  await expect(row).toContainText('国网新绛县供电公司');
  await expect(row).toContainText('已完成');
  await expectNoSeriousViolations(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出汇总表（Excel）' }).click();
  const file = await (await download).path();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const rows: string[][] = [];
  workbook.getWorksheet('汇总表')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  const line = rows.find((r) => r[4] === projectTitle);
  expect(line?.slice(0, 2)).toEqual(['龙湖社区', needTitle]);
  expect(line?.[5]).toBe('国网新绛县供电公司');
  expect(line?.[8]).toBe('已完成');
  expect(line?.[10]).toContain('全部更换完毕');
  await owner.close();
  await other.close();
});
