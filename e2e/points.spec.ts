// Volunteer points on the phone: staff publish an activity, a resident signs up on the community's public page, the
// grid worker confirms attendance, the household's points appear, two goods are redeemed at the 文明超市 and the
// balance and the stock are right; redeeming more than the balance is refused and changes nothing.
import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, signIn } from './support/auth';

/** The demo's 龙湖社区 (node 3, as in e2e/support/route-matrix.ts). */
const COMMUNITY_ID = 3;

/** A datetime-local value `days` from now, China time. */
const chinaLocal = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 16);

async function addGoods(page: Page, name: string, price: number, stock: number) {
  const form = page.getByRole('region', { name: '上架商品' });
  await form.getByLabel('商品名称').fill(name);
  await form.getByLabel('兑换积分').fill(String(price));
  await form.getByLabel('库存').fill(String(stock));
  await form.getByRole('button', { name: '上架' }).click();
  await expect(form.getByRole('status')).toHaveText(`已上架「${name}」`);
}

const balanceOn = async (page: Page) => Number(await page.getByTestId('balance').textContent());

test('an activity is published, a resident signs up, attendance is confirmed, points appear, two goods are redeemed', async ({ page, browser }) => {
  // A long story (three accounts, a dozen forms) on a shared two-core machine.
  test.setTimeout(120_000);
  const stamp = String(Date.now()).slice(-6);
  const title = `楼道清理志愿活动${stamp}`;
  const [towel, soap, cooker] = [`毛巾${stamp}`, `香皂${stamp}`, `电饭煲${stamp}`];

  // The secretary puts three goods on the 文明超市's shelf.
  await signIn(page, ACCOUNTS.secretary);
  await page.goto('/points/market');
  await addGoods(page, towel, 3, 5);
  await addGoods(page, soap, 2, 3);
  await addGoods(page, cooker, 9000, 1);
  await page.context().clearCookies();

  // The grid worker publishes an activity for their grid.
  await signIn(page, ACCOUNTS.gridWorker);
  await page.goto('/points');
  await page.getByRole('link', { name: '发布活动' }).click();
  await page.getByLabel('活动范围').selectOption({ label: '龙盛华庭' });
  await page.getByLabel('活动类别').selectOption('environment');
  await page.getByLabel('活动名称').fill(title);
  await page.getByLabel('活动地点').fill('龙盛华庭党群服务站');
  await page.getByLabel('活动时间').fill(chinaLocal(2));
  await page.getByLabel('每户积分').fill('5');
  await page.getByLabel('报名名额').fill('10');
  await page.getByRole('button', { name: '发布活动' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const activityUrl = page.url();

  // A resident signs up on the community's public page, without an account.
  const resident = await browser.newContext();
  const residentPage = await resident.newPage();
  await residentPage.goto(`/volunteer/${COMMUNITY_ID}`);
  const card = residentPage.getByRole('listitem', { name: title });
  await expect(card).toContainText('剩余名额 10');
  await card.getByText('我要报名').click();
  await card.getByLabel('姓名').fill('李志愿');
  await card.getByLabel('手机号').fill(`139${stamp}88`);
  await card.getByRole('button', { name: '提交报名' }).click();
  await expect(card.getByRole('status')).toContainText('报名成功');
  await residentPage.reload();
  await expect(residentPage.getByRole('listitem', { name: title })).toContainText('剩余名额 9');
  await resident.close();

  // Not in the registry under that name and phone: the grid worker picks the household when confirming.
  await page.goto(activityUrl);
  const row = page.getByRole('listitem', { name: '李志愿' });
  await expect(row).toContainText('未匹配到住户');
  await row.getByLabel('查找住户（楼栋房号、姓名或手机号）').fill('龙盛华庭 2号楼');
  await row.getByRole('button', { name: '查找' }).click();
  const hit = page.getByRole('listitem', { name: '李志愿' }).locator('li').first();
  const address = (await hit.locator('p').textContent())!.split('·')[0]!.trim();
  await hit.getByRole('button', { name: '是这户，确认签到' }).click();
  // The page comes back with the sign-up attended and its household named.
  await expect(row.getByRole('link', { name: address })).toBeVisible();
  await expect(row).toContainText('已签到');
  await page.goto(activityUrl);
  await expect(page.getByTestId('attended')).toHaveText('1');
  await page.getByRole('listitem', { name: '李志愿' }).getByRole('link', { name: address }).click();

  // The household's points: the attendance is in its ledger.
  await expect(page.getByRole('heading', { level: 1, name: address })).toBeVisible();
  const ledger = page.getByRole('list', { name: '积分明细' });
  await expect(ledger.getByRole('listitem').first()).toContainText(`参加活动「${title}」`);
  await expect(ledger.getByRole('listitem').first()).toContainText('+5');
  const balance = await balanceOn(page);
  expect(balance).toBeGreaterThanOrEqual(5);

  // A second counter opens the same household now, before the two goods below are redeemed at the first.
  const second = await page.context().newPage();
  await second.goto(page.url());
  await expect(second.getByTestId('balance')).toHaveText(String(balance));

  // Two goods at the counter.
  const towelItem = page.getByRole('listitem', { name: towel });
  await towelItem.getByRole('button', { name: `兑换${towel}` }).click();
  await expect(towelItem.getByRole('status')).toHaveText(`已兑换「${towel}」×1，扣 3 分，剩余 ${balance - 3} 分`);
  const soapItem = page.getByRole('listitem', { name: soap });
  await soapItem.getByLabel('数量').fill('1');
  await soapItem.getByRole('button', { name: `兑换${soap}` }).click();
  await expect(soapItem.getByRole('status')).toHaveText(`已兑换「${soap}」×1，扣 2 分，剩余 ${balance - 5} 分`);
  await page.reload();
  expect(await balanceOn(page)).toBe(balance - 5);
  await expect(page.getByRole('listitem', { name: towel }).getByText(/库存/)).toContainText('库存 4');
  await expect(page.getByRole('listitem', { name: soap }).getByText(/库存/)).toContainText('库存 2');

  // More than the balance: the counter says so beside a button that cannot be pressed …
  const cookerItem = page.getByRole('listitem', { name: cooker });
  await expect(cookerItem.getByRole('button', { name: `兑换${cooker}` })).toBeDisabled();
  await expect(cookerItem).toContainText(`积分不足（还差 ${9000 - (balance - 5)} 分）`);
  // … and the second counter, still showing the old balance, asks for more soap than the household has left:
  // refused, nothing changes.
  const staleSoap = second.getByRole('listitem', { name: soap });
  await staleSoap.getByLabel('数量').fill(String(Math.floor((balance - 5) / 2) + 1));
  await staleSoap.getByRole('button', { name: `兑换${soap}` }).click();
  await expect(staleSoap.getByRole('alert')).toContainText('积分不足');
  await second.close();
  await page.reload();
  expect(await balanceOn(page)).toBe(balance - 5);
  await expect(page.getByRole('listitem', { name: cooker }).getByText(/库存/)).toContainText('库存 1');
  await expect(page.getByRole('listitem', { name: soap }).getByText(/库存/)).toContainText('库存 2');
  await expect(page.getByRole('list', { name: '积分明细' }).getByRole('listitem').first()).toContainText(`兑换「${soap}」×1`);

  // The public ranking shows the community's households by place and family name only.
  await page.goto(`/volunteer/${COMMUNITY_ID}/ranking`);
  await expect(page.getByRole('list').first()).toBeVisible();
  await expect(page.locator('main')).not.toContainText('李志愿');
  await expect(page.locator('main li').first()).toHaveText(/\S+ \S\*\*家\s*\d+ 分/);
});
