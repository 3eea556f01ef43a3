// The public side on a phone (issue 14): 附议 on a street-light problem from its QR code up to the supporter's rating,
// a wish published and withdrawn on the 心愿墙, and no resident's personal data on any public page.
import { expect, test, type Page } from '@playwright/test';
import { firstLoadJs } from '@/scripts/first-load-js';
import { ACCOUNTS, signIn, signOut } from './support/auth';
import { actionForm, expectDone, expectStatus, openCase } from './support/case-page';
import { buildingQrLink } from './support/intake';

/** 龙湖社区 in the demo tree (county, township, community): its public board. */
const BOARD = '/b/3';

async function submitAtQr(page: Page, qrPath: string, fields: { description: string; name: string; phone: string; place: string }): Promise<{ number: string; statusLink: string }> {
  await page.goto(qrPath);
  await page.getByLabel(/诉求内容/).fill(fields.description);
  await page.getByLabel(/姓名或称呼/).fill(fields.name);
  await page.getByLabel(/手机号/).fill(fields.phone);
  await page.getByLabel(/具体位置/).fill(fields.place);
  await page.getByRole('button', { name: '提交诉求' }).click();
  await expect(page.getByRole('heading', { name: /提交成功/ })).toBeVisible();
  const number = (await page.locator('p.font-mono').first().textContent())!.trim();
  const statusLink = new URL(await page.getByLabel('请保存此链接查看进度并评价').inputValue()).pathname;
  return { number, statusLink };
}

/** The secretary's board decision on the case page. */
async function publish(page: Page, number: string, where: '心愿墙' | '扫码附议', text: string) {
  await openCase(page, number);
  const panel = page.getByRole('region', { name: '社区公开栏' });
  await panel.getByRole('radio', { name: new RegExp(`^${where}`) }).check();
  await panel.getByLabel('公开文字').fill(text);
  await panel.getByRole('button', { name: /^公开$|保存公开内容/ }).click();
  await expect(panel.getByText('已公开。')).toBeVisible();
}

test('a resident finds the same street-light problem at the QR code, supports it, and rates the result once it is resolved', async ({ page, browser }) => {
  test.setTimeout(150_000);
  const qrPath = await buildingQrLink(page, '龙盛华庭');
  const stamp = Date.now();
  const marker = `PII${stamp}`;
  const phone = `137${String(stamp).slice(-8)}`;
  const first = await submitAtQr(page, qrPath, { description: `楼下路灯坏了一个星期 ${marker}-desc`, name: `${marker}姓名`, phone, place: `2单元${marker}-room` });

  // The grid worker accepts it; the secretary publishes it at its place with words of the staff's own.
  await signIn(page, ACCOUNTS.gridWorker);
  await openCase(page, first.number);
  const accept = await actionForm(page, '受理');
  await accept.getByLabel('事项分类').selectOption({ label: '路灯照明（民生服务类）' });
  await accept.getByRole('button', { name: '确认受理' }).click();
  await expectDone(page, '已受理');
  await signOut(page);
  // Base 36: a run of decimal digits would read as a phone number, which the public text refuses.
  const publicText = `e2e 小区路灯不亮，夜间出行不便，正在安排维修 ${stamp.toString(36)}`;
  await signIn(page, ACCOUNTS.secretary);
  await publish(page, first.number, '扫码附议', publicText);
  await signOut(page);

  // Another resident, on their own phone, scans the same code: the same problem is already open.
  const neighbour = await browser.newContext({ ...test.info().project.use });
  const phonePage = await neighbour.newPage();
  await phonePage.goto(qrPath);
  const same = phonePage.getByRole('region', { name: '是不是同一件事？' });
  const item = same.getByRole('listitem').filter({ hasText: publicText });
  await expect(item).toContainText('0 人附议');
  await item.getByRole('button', { name: '我也遇到了（附议）' }).click();
  await expect(phonePage.getByRole('heading', { name: '您附议的事项' })).toBeVisible();
  const supporterLink = new URL(phonePage.url()).pathname;
  expect(supporterLink).toMatch(/^\/t\//);
  await expect(phonePage.getByText(publicText)).toBeVisible();
  // Once per device: back at the code, it reads 您已附议.
  await phonePage.goto(qrPath);
  await expect(phonePage.getByRole('region', { name: '是不是同一件事？' }).getByRole('listitem').filter({ hasText: publicText })).toContainText('您已附议');

  // The grid worker sees the support and resolves it.
  await signIn(page, ACCOUNTS.gridWorker);
  await openCase(page, first.number);
  await expect(page.getByText('附议 1 人')).toBeVisible();
  const self = await actionForm(page, '由我办理');
  await self.getByRole('button', { name: '由我办理' }).click();
  await expectStatus(page, '办理中');
  const resolve = await actionForm(page, '办结');
  await resolve.getByLabel(/办理结果/).fill('已更换路灯灯头，夜间照明恢复');
  await resolve.getByRole('button', { name: '确认办结' }).click();
  await expectStatus(page, '已办结');
  await signOut(page);

  // The supporter's page shows the result and takes one rating.
  await phonePage.goto(supporterLink);
  await expect(phonePage.getByText('已更换路灯灯头，夜间照明恢复')).toBeVisible();
  await phonePage.getByRole('button', { name: '满意', exact: true }).click();
  await expect(phonePage.getByText('感谢您的评价：满意')).toBeVisible();
  await expect(phonePage.getByRole('button', { name: '满意', exact: true })).toHaveCount(0);

  // No public page holds anything the residents gave: name, phone, room, their own words.
  for (const path of [BOARD, `${BOARD}/poster`, qrPath, supporterLink]) {
    const html = await (await phonePage.request.get(path)).text();
    for (const secret of [marker, phone]) expect(html.includes(secret), `${secret} on ${path}`).toBe(false);
  }
  await neighbour.close();
});

test('a wish the secretary publishes appears on the wall and disappears at once when withdrawn', async ({ page }) => {
  test.setTimeout(90_000);
  const qrPath = await buildingQrLink(page, '龙盛华庭');
  const stamp = Date.now();
  const { number } = await submitAtQr(page, qrPath, { description: `想要一副老花镜 ${stamp}`, name: '王奶奶', phone: `136${String(stamp).slice(-8)}`, place: '3单元501' });
  const text = `e2e 一位老人想要一副新的老花镜 ${stamp.toString(36)}`;

  await signIn(page, ACCOUNTS.secretary);
  await publish(page, number, '心愿墙', text);
  await page.goto(BOARD);
  const wish = page.getByRole('listitem').filter({ hasText: text });
  await expect(wish).toBeVisible();
  await expect(wish).toContainText('待认领');
  await expect(page.getByText('王奶奶')).toHaveCount(0);

  await openCase(page, number);
  const panel = page.getByRole('region', { name: '社区公开栏' });
  await panel.getByRole('button', { name: '撤下公开' }).click();
  await expect(panel.getByText('已撤下。')).toBeVisible();
  await page.goto(BOARD);
  await expect(page.getByRole('heading', { name: '心愿墙' })).toBeVisible();
  await expect(page.getByText(text)).toHaveCount(0);
});

test('a party member claims a published wish from the wall, with a plain form (the board has no scripts)', async ({ page }) => {
  test.setTimeout(120_000);
  const qrPath = await buildingQrLink(page, '龙盛华庭');
  const stamp = Date.now();
  const { number } = await submitAtQr(page, qrPath, { description: `想请人帮忙修一下轮椅 ${stamp}`, name: '赵爷爷', phone: `135${String(stamp).slice(-8)}`, place: '1单元302' });

  // The grid worker accepts it and puts it on the claim board; the secretary publishes it on the wall.
  await signIn(page, ACCOUNTS.gridWorker);
  await openCase(page, number);
  const accept = await actionForm(page, '受理');
  await accept.getByLabel('事项分类').selectOption({ label: '微心愿（基层党建类）' });
  await accept.getByRole('button', { name: '确认受理' }).click();
  await expectDone(page, '已受理');
  const post = await actionForm(page, '发布到党员认领台');
  await post.getByRole('button', { name: '发布到认领台' }).click();
  await expectDone(page, '已发布到认领台');
  await signOut(page);
  const text = `e2e 一位老人的轮椅需要修理 ${stamp.toString(36)}`;
  await signIn(page, ACCOUNTS.secretary);
  await publish(page, number, '心愿墙', text);
  await signOut(page);

  // Signed out, the claim asks for the sign-in; the party member of the grid claims it from the wall.
  await page.goto(BOARD);
  await page.getByRole('listitem').filter({ hasText: text }).getByRole('button', { name: '我是党员，认领这个心愿' }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, ACCOUNTS.partyMember);
  await page.goto(BOARD);
  const wish = page.getByRole('listitem').filter({ hasText: text });
  await expect(wish).toContainText('待认领');
  await wish.getByRole('button', { name: '我是党员，认领这个心愿' }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${number}$`));
  await expectStatus(page, '办理中');
});

test('a refused sign-up comes back on the script-free volunteer page with its messages and the fields refilled', async ({ page }) => {
  await page.goto('/volunteer/3');
  const card = page.getByRole('main').getByRole('listitem').first();
  await card.getByText('我要报名').click();
  await card.getByLabel('姓名').fill('李');
  await card.getByLabel('手机号').fill('12345');
  await card.getByRole('button', { name: '提交报名' }).click();
  // The page comes back from the POST with the form open, its errors tied to the fields, and what was typed.
  await expect(card.getByRole('alert')).toHaveText('请检查标出的内容。');
  await expect(card.getByLabel('姓名')).toHaveValue('李');
  await expect(card.getByLabel('姓名')).toHaveAttribute('aria-invalid', 'true');
  await expect(card.getByLabel('手机号')).toHaveValue('12345');
  await expect(card.getByLabel('手机号')).toHaveAttribute('aria-invalid', 'true');
});

test('the pages residents open from QR codes and posters load less than 100 KB of JavaScript, gzipped', async ({ baseURL }) => {
  // Issue 14: a cheap phone on a slow network. Today they load none (pages/_document.tsx); an App Router page would ship ~135 KB.
  for (const path of [BOARD, `${BOARD}/poster`, '/volunteer/3', '/volunteer/3/ranking']) {
    const weight = await firstLoadJs(new URL(path, baseURL).toString());
    expect(weight.status, path).toBe(200);
    expect(weight.gzipTotal, `${path} loads ${weight.scripts.map((s) => `${s.src} (${s.gzip} B gz)`).join(', ')}`).toBeLessThan(100 * 1024);
  }
});
