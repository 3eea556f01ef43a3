// Before the page's JavaScript arrives: on a weak network a resident taps 提交 while the scripts are still loading,
// and the form posts as plain HTML. The browser then says where the post comes from only as far as the referrer
// policy lets it; the server action must still take it (a `Referrer-Policy: no-referrer` sent `Origin: null`, and
// Next refused the post with a 500).
import { expect, test } from '@playwright/test';
import { buildingQrLink } from './support/intake';

test('a resident submits the QR form and opens its status link, all without JavaScript', { tag: '@phone' }, async ({ browser, page }) => {
  const qrPath = await buildingQrLink(page, '碧水云天');
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  try {
    const resident = await context.newPage();
    await resident.goto(qrPath);
    const wish = `无脚本提交：碧水云天车棚的灯不亮了（${Date.now()}）`;
    await resident.getByLabel(/诉求内容/).fill(wish);
    await resident.getByLabel(/姓名或称呼/).fill('周阿姨');
    await resident.getByRole('button', { name: '提交诉求' }).click();
    await expect(resident.getByRole('heading', { name: /提交成功/ })).toBeVisible();
    const number = (await resident.getByText(/YH\d{8}-\d{4,}/).first().textContent())!.match(/YH\d{8}-\d{4,}/)![0];
    const statusLink = new URL(await resident.getByLabel('请保存此链接查看进度并评价').inputValue()).pathname;

    // The status link works without script too, and shows the request just made.
    await resident.goto(statusLink);
    await expect(resident.getByText(number).first()).toBeVisible();
    await expect(resident.getByText(wish)).toBeVisible();
  } finally {
    await context.close();
  }
});
