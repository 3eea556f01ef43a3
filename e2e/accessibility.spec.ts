import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, signIn, signOut } from './support/auth';
import { actionForm, expectDone, openCase } from './support/case-page';
import { buildingQrLink } from './support/intake';

// An axe scan of a long page takes seconds on a small machine; several scans make a slow test.
test.describe.configure({ timeout: 60_000 });

async function expectNoSeriousViolations(page: Page) {
  // Next streams a dynamic page's metadata: its <title> can arrive after the content the test waited for.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(serious, `${page.url()}`).toEqual([]);
}

test('the sign-in page', async ({ page }) => {
  await page.goto('/login');
  await expectNoSeriousViolations(page);
});

test('the not-found page', async ({ page }) => {
  await page.goto('/no-such-page');
  await expectNoSeriousViolations(page);
});

test('admin pages', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.admin);
  await expectNoSeriousViolations(page);
  await page.goto('/org');
  await expectNoSeriousViolations(page);
});

test('secretary desk', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.secretary);
  await expectNoSeriousViolations(page);
});

test('community and grid pages', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.secretary);
  await page.locator('#grids-heading + ul a').first().click();
  await expect(page.getByRole('heading', { level: 2, name: /下辖楼栋/ })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByRole('navigation', { name: '位置' }).getByRole('link', { name: '龙湖社区' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '龙湖社区' })).toBeVisible();
  await expectNoSeriousViolations(page);
});

test('a building page and its care filter', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.secretary);
  await page.locator('#grids-heading + ul a').first().click();
  await page.locator('#children-heading + ul a').first().click();
  await expect(page.getByRole('heading', { level: 2, name: /党员中心户/ })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByRole('link', { name: /只看关爱户/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^关爱户/ })).toBeVisible();
  await expectNoSeriousViolations(page);
});

test('grid worker pages: home, grids, search results and a household', { tag: '@phone' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.gridWorker);
  await expectNoSeriousViolations(page);
  await page.goto('/work/grids');
  await expectNoSeriousViolations(page);
  await page.getByLabel('查找住户').fill('1单元');
  await page.getByRole('button', { name: '查找' }).click();
  await expect(page.getByRole('heading', { name: /查找结果/ })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.locator('#results-heading ~ ul a').first().click();
  await expect(page.getByRole('heading', { name: '家庭成员' })).toBeVisible();
  await expectNoSeriousViolations(page);
});

test('party member and unit liaison homes', { tag: '@phone' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.partyMember);
  await expectNoSeriousViolations(page);
  await signOut(page);
  await signIn(page, ACCOUNTS.unitLiaison);
  await expectNoSeriousViolations(page);
});

test('case pages: the worker home, a case with its actions, the intake form', { tag: '@phone' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.gridWorker);
  await expectNoSeriousViolations(page);
  await page.locator('a[href^="/cases/"]').first().click();
  await expect(page.getByRole('heading', { name: '办理过程' })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.goto('/work/new');
  await expectNoSeriousViolations(page);
  // The batch form has its own page; the old address still leads there.
  await page.goto('/work/new?mode=batch');
  await expect(page).toHaveURL(/\/work\/new\/batch$/);
  await expect(page.getByRole('navigation', { name: '登记方式' }).getByRole('link', { name: /批量录入/ })).toHaveAttribute('aria-current', 'page');
  await expectNoSeriousViolations(page);
  await page.goto('/notifications');
  await expectNoSeriousViolations(page);
});

test('the claim board and a unit queue', { tag: '@phone' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.partyMember);
  await page.goto('/member/board');
  await expectNoSeriousViolations(page);
  await signOut(page);
  await signIn(page, ACCOUNTS.unitLiaison);
  await expectNoSeriousViolations(page);
});

test("a resident's submit form, confirmation and status page", { tag: '@phone' }, async ({ page }) => {
  const qrPath = await buildingQrLink(page, '汾河湾');
  await page.goto(qrPath);
  await expectNoSeriousViolations(page);
  await page.getByLabel(/诉求内容/).fill('无障碍检查：单元门口的台阶缺少扶手');
  await page.getByRole('button', { name: '提交诉求' }).click();
  await expect(page.getByRole('heading', { name: /提交成功/ })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByRole('link', { name: '查看办理进度' }).click();
  await expect(page.getByRole('heading', { name: '办理进度' })).toBeVisible();
  await expectNoSeriousViolations(page);
});

test('admin time limits and tokens, secretary case list', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/limits');
  await expectNoSeriousViolations(page);
  await page.goto('/admin/tokens');
  await expectNoSeriousViolations(page);
});

// The feature pages of 党员每月一件事, 大党委 and 志愿积分, in the states their users meet them.
test("a party member's pledge page", { tag: '@phone' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.partyMember);
  await page.goto('/member/pledges');
  await expect(page.getByRole('heading', { level: 1, name: '我的承诺' })).toBeVisible();
  await expectNoSeriousViolations(page);
});

test("the secretary's pledge pages: the check, one branch, the list, the evaluation and the results", { tag: '@desk' }, async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, ACCOUNTS.secretary);
  await page.goto('/desk/pledges');
  await expect(page.getByRole('heading', { level: 1, name: '月中督诺' })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByRole('region', { name: '各支部晒诺情况' }).getByRole('link').first().click();
  await expect(page).toHaveURL(/branch=\d+/);
  await expectNoSeriousViolations(page);
  for (const [path, title] of [
    ['/desk/pledges/items', '民意事项清单'],
    ['/desk/pledges/evaluate', '月末评诺'],
    ['/desk/pledges/results', '评诺结果'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expectNoSeriousViolations(page);
  }
});

test('大党委 at the desk: the summary, the needs, a need, a project, the resources and the meetings', { tag: '@desk' }, async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, ACCOUNTS.secretary);
  await page.goto('/cobuild/needs');
  await expectNoSeriousViolations(page);
  await page.getByRole('region', { name: /^需求（/ }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 2, name: /^对应项目/ })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.goto('/cobuild');
  await page.locator('a[href^="/cobuild/projects/"]').first().click();
  await expect(page.getByRole('heading', { level: 2, name: '进展记录' })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.goto('/cobuild/resources');
  await expectNoSeriousViolations(page);
  await page.goto('/cobuild/meetings');
  await expectNoSeriousViolations(page);
});

test("大党委 on a unit liaison's phone: the resources and a project", { tag: '@phone' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.unitLiaison);
  await page.goto('/cobuild/resources');
  await expect(page.getByRole('heading', { level: 1, name: '资源清单' })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.goto('/unit');
  await page.getByRole('region', { name: /本单位共建项目/ }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 2, name: '进展记录' })).toBeVisible();
  await expectNoSeriousViolations(page);
});

test("volunteer points on a grid worker's phone: activities, a new one, an activity's list, the 文明超市, a household's points and card", { tag: '@phone' }, async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, ACCOUNTS.gridWorker);
  await page.goto('/points');
  await expectNoSeriousViolations(page);
  await page.getByRole('region', { name: /^志愿活动/ }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 2, name: /^报名名单/ })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.goto('/points/activities/new');
  await expectNoSeriousViolations(page);
  await page.goto('/points/market');
  await expectNoSeriousViolations(page);
  await page.getByLabel('楼栋房号、姓名或手机号').fill('1号楼');
  await page.getByRole('button', { name: '查找住户' }).click();
  await page.getByRole('list', { name: '查找结果' }).getByRole('link').first().click();
  await expect(page.getByTestId('balance')).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByRole('link', { name: /户积分卡/ }).click();
  // The title check alone passes on the page being left: scan the card page once it is the one shown.
  await expect(page.getByRole('heading', { level: 1, name: /^户积分卡 · / })).toBeVisible();
  await expectNoSeriousViolations(page);
});

test('the points rules', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/points/rules');
  await expectNoSeriousViolations(page);
});

test('the QR page with the 附议 list on top, and after supporting', { tag: '@phone' }, async ({ page, browser }) => {
  test.setTimeout(120_000);
  const qrPath = await buildingQrLink(page, '龙盛华庭');
  const stamp = Date.now();
  await page.goto(qrPath);
  await page.getByLabel(/诉求内容/).fill(`无障碍检查：单元门口的路灯不亮 ${stamp}`);
  await page.getByRole('button', { name: '提交诉求' }).click();
  await expect(page.getByRole('heading', { name: /提交成功/ })).toBeVisible();
  const number = (await page.locator('p.font-mono').first().textContent())!.trim();
  // Accepted by the grid worker, published at its place by the secretary, with words of the staff's own.
  await signIn(page, ACCOUNTS.gridWorker);
  await openCase(page, number);
  const accept = await actionForm(page, '受理');
  await accept.getByLabel('事项分类').selectOption({ label: '路灯照明（民生服务类）' });
  await accept.getByRole('button', { name: '确认受理' }).click();
  await expectDone(page, '已受理');
  await signOut(page);
  await signIn(page, ACCOUNTS.secretary);
  await openCase(page, number);
  const panel = page.getByRole('region', { name: '社区公开栏' });
  await panel.getByRole('radio', { name: /^扫码附议/ }).check();
  await panel.getByLabel('公开文字').fill(`无障碍检查 单元门口路灯不亮，正在安排维修 ${stamp.toString(36)}`);
  await panel.getByRole('button', { name: /^公开$|保存公开内容/ }).click();
  await expect(panel.getByText('已公开。')).toBeVisible();

  // A neighbour's phone: the list, then the page once they have supported.
  const neighbour = await browser.newContext({ ...test.info().project.use });
  const phone = await neighbour.newPage();
  await phone.goto(qrPath);
  const same = phone.getByRole('region', { name: '是不是同一件事？' });
  await expect(same).toBeVisible();
  await expectNoSeriousViolations(phone);
  await same.getByRole('button', { name: '我也遇到了（附议）' }).first().click();
  await expect(phone.getByRole('heading', { name: '您附议的事项' })).toBeVisible();
  await expectNoSeriousViolations(phone);
  await phone.goto(qrPath);
  await expect(same.getByText('您已附议').first()).toBeVisible();
  await expectNoSeriousViolations(phone);
  await neighbour.close();
});
