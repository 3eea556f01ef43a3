// Residents' data: far-off dates are explained, not a server error; the administrator searches the audit log.
import { expect, test, type Browser } from '@playwright/test';
import { ACCOUNTS, signIn } from './support/auth';

const RANGE = '须在 2000-01-01 至 2100-12-31 之间';

test.describe('far-off dates in the URL are refused with a Chinese message', { tag: '@desk' }, () => {
  for (const month of ['9999-12', '0000-01']) {
    test(`the monthly report for ?month=${month}`, async ({ page }) => {
      await signIn(page, ACCOUNTS.secretary);
      const response = await page.goto(`/desk/report?month=${month}`);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole('alert').filter({ hasText: `月份“${month}”无效（月份须在 2000-01 至 2100-12 之间）` })).toBeVisible();
      await expect(page.getByRole('heading', { level: 1 })).toContainText('诉求办理月报');
    });
  }

  for (const [from, to] of [
    ['9999-12-31', '9999-12-31'],
    ['0000-01-01', '0001-01-01'],
  ]) {
    test(`the statistics for ${from}..${to}`, async ({ page }) => {
      await signIn(page, ACCOUNTS.secretary);
      const response = await page.goto(`/desk/stats?period=custom&from=${from}&to=${to}`);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole('alert').filter({ hasText: `统计条件无效（日期${RANGE}` })).toBeVisible();
      await expect(page.getByRole('heading', { name: '统计分析' })).toBeVisible();
    });
  }
});

test('an administrator’s time-limit change shows up in the audit log, found by action and account', { tag: '@desk' }, async ({ page }, testInfo) => {
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/limits');
  // A cell no other story edits (one per project, which run side by side), moved by one hour from whatever it holds now.
  const urgency = testInfo.project.name === 'mobile' ? '一般' : '紧急';
  const resolve = page.getByRole('spinbutton', { name: `环境卫生 ${urgency} 办结时限（小时）` });
  const was = Number(await resolve.inputValue());
  await resolve.fill(String(was + 1));
  await page.getByRole('button', { name: '保存 1 处修改' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已保存 1 处修改' })).toBeVisible();

  await page.goto('/admin/audit');
  await expect(page.getByRole('heading', { name: '审计日志' })).toBeVisible();
  const filters = page.getByRole('form', { name: '筛选审计日志' });
  await filters.getByRole('textbox', { name: '账号' }).fill('admin');
  await filters.getByLabel('操作').selectOption({ label: '修改办理时限' });
  await filters.getByRole('button', { name: '查询' }).click();
  await expect(page).toHaveURL(/action=update_time_limit/);
  const first = page.getByRole('table', { name: '审计日志' }).getByRole('row').nth(1);
  await expect(first).toContainText('修改办理时限');
  await expect(first).toContainText('（admin，');
  // The detail reads as before → after, not as stored JSON.
  await expect(first).toContainText(`办结时限（小时）：${was} → ${was + 1}`);

  await filters.getByRole('textbox', { name: '账号' }).fill('shuji');
  await filters.getByRole('button', { name: '查询' }).click();
  await expect(page.getByText('没有符合条件的记录。')).toBeVisible();
});

test('a resident’s data is exported only by an explicit POST of the desk form; a GET downloads nothing', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.secretary);
  expect((await page.request.get('/desk/residents/export')).status()).toBe(405);
  await page.goto('/desk/residents');
  await page.getByLabel('手机号码').fill('13700000000');
  await page.getByRole('button', { name: '导出该居民的全部信息' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '在您的管辖范围内没有找到该居民的诉求记录。' })).toBeVisible();
  await expect(page).toHaveURL(/\/desk\/residents\?error=/);
});

/** A fresh case of 龙湖花园 on the claim board, put there by its grid worker through the API: no story shares it. */
async function freshBoardCase(browser: Browser, label: string): Promise<{ number: string; placeId: number }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'wg02');
  const listed = (await (await page.request.get('/api/v1/cases?status=closed&pageSize=1')).json()) as { items: { number: string }[] };
  const sample = (await (await page.request.get(`/api/v1/cases/${listed.items[0]!.number}`)).json()) as { nodeId: number; categoryId: number };
  const created = await page.request.post('/api/v1/cases', { data: { description: `e2e 认领竞争：${label}，帮独居老人取药 ${Date.now()}`, source: 'patrol', nodeId: sample.nodeId } });
  expect(created.status()).toBe(201);
  const { number } = (await created.json()) as { number: string };
  const steps = [{ action: 'accept', categoryId: sample.categoryId, urgency: 'normal' }, { action: 'post_to_board' }];
  for (const [version, step] of steps.entries()) {
    const response = await page.request.post(`/api/v1/cases/${number}/actions`, { data: { ...step, version } });
    expect(response.status(), step.action).toBe(200);
  }
  await context.close();
  return { number, placeId: sample.nodeId };
}

test('two party members claim the same card: the slower one is told it was just taken, on the card itself', { tag: '@phone' }, async ({ browser }, testInfo) => {
  // Each project takes its own pair of 龙湖花园's members and a card of its own, so both can run at once.
  const [fasterLogin, slowerLogin] = testInfo.project.name === 'desktop' ? ['dy13', 'dy14'] : ['dy15', 'dy16'];
  const { number, placeId } = await freshBoardCase(browser, testInfo.project.name);
  const faster = await (await browser.newContext()).newPage();
  const slower = await (await browser.newContext()).newPage();
  await signIn(faster, fasterLogin);
  await signIn(slower, slowerLogin);
  // The board filtered to the card's place, newest deadline last: the card is on the first screen.
  const board = `/member/board?place=${placeId}&sort=due`;
  await faster.goto(board);
  await slower.goto(board);

  const card = faster.locator('#board-heading ~ ul > li').filter({ hasText: number });
  await card.getByRole('button', { name: '认领这件事' }).click();
  // The claim is stored once its confirmation shows on the case page; only then is the other member "slower".
  await expect(faster.getByRole('status').filter({ hasText: '已认领' })).toBeVisible();
  await expect(faster.getByText(number, { exact: true })).toBeVisible();

  const late = slower.locator('#board-heading ~ ul > li').filter({ hasText: number });
  await late.getByRole('button', { name: '认领这件事' }).click();
  await expect(late.getByRole('alert')).toHaveText('该事项刚刚已被他人处理，已不在认领台上。');
  await faster.context().close();
  await slower.context().close();
});
