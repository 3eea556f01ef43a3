// 党员每月一件事: a party member pledges at the start of the month (月初晒诺), the secretary's mid-month check lists and
// reminds the members without a pledge (月中督诺), one of them sees the reminder at home, and the secretary evaluates
// the pledge (月末评诺); the exported workbook holds the evaluation. Runs on the real clock: a pledge is for the running
// month whatever its day, and the secretary may evaluate a month once it has begun.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn, signOut } from './support/auth';

/** The running month, China time, as the server computes it. */
const chinaMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

test('a member pledges, the secretary reminds those without a pledge, evaluates, and the workbook holds the evaluation', async ({ page }) => {
  test.setTimeout(120_000);
  const title = `e2e 为独居老人代购药品 ${Date.now()}`;
  const comment = '按时完成，老人很满意';

  // The secretary puts an item on the community's list.
  await signIn(page, ACCOUNTS.secretary);
  await page.goto('/desk/pledges/items');
  await expect(page.getByRole('heading', { level: 1, name: '民意事项清单' })).toBeVisible();
  await page.getByRole('button', { name: '加入清单' }).click();
  // The browser asks for the required fields first; the server's zod messages are in Chinese as well (unit tests).
  await page.getByLabel('事项名称').fill(title);
  await page.getByLabel('类别').selectOption('民生服务类');
  await page.getByLabel('适用范围').selectOption({ label: '龙湖社区（全体党员）' });
  await page.getByLabel('地点（可不填）').fill('龙盛华庭各楼栋');
  await page.getByRole('button', { name: '加入清单' }).click();
  await expect(page.getByTestId('flash')).toHaveText(`✓ 已加入清单：${title}`);
  await expect(page.getByRole('list', { name: '社区发布的事项' })).toContainText(title);
  await signOut(page);

  // 月初晒诺: the party member claims it; their page and home show the promise and the days left.
  await signIn(page, ACCOUNTS.partyMember);
  await page.goto('/member/pledges');
  await expect(page.getByRole('heading', { level: 1, name: '我的承诺' })).toBeVisible();
  await expect(page.getByText(/本月还剩 \d+ 天/).first()).toBeVisible();
  await page.getByRole('button', { name: `认领：${title}` }).click();
  await expect(page.getByTestId('flash')).toHaveText(`✓ 已晒诺：${title}`);
  await expect(page.getByRole('list', { name: '本月承诺' })).toContainText(title);
  // The list no longer offers what the member has taken this month.
  await expect(page.getByRole('button', { name: `认领：${title}` })).toHaveCount(0);
  await expect(page.getByRole('list', { name: '民意事项清单' }).getByRole('listitem').filter({ hasText: title })).toContainText('本月已认领');
  await expect(page.getByRole('heading', { name: /龙盛华庭小区党支部晒诺榜/ })).toBeVisible();
  await expect(page.getByRole('list', { name: '支部晒诺榜' })).toContainText(title);
  await page.goto('/member');
  await expect(page.getByRole('list', { name: '本月承诺' })).toContainText(title);
  await signOut(page);

  // 月中督诺: the secretary's check lists members without a pledge; dy01 is not among them; one action reminds them.
  await signIn(page, ACCOUNTS.secretary);
  await page.goto('/desk/pledges');
  await expect(page.getByRole('heading', { level: 1, name: '月中督诺' })).toBeVisible();
  const flagged = page.getByRole('table', { name: '需要督促的党员' }).getByTestId('flagged-member');
  await expect(flagged.first()).toBeVisible();
  const account = (name: string | RegExp) => page.getByTestId('member-account').filter({ hasText: typeof name === 'string' ? new RegExp(`^${name}$`) : name });
  await expect(flagged.filter({ has: account(ACCOUNTS.partyMember) }).filter({ hasText: '未晒诺' })).toHaveCount(0);
  // A member who signs in and has no pledge yet; late in a month when everyone has pledged, one without progress.
  const withAccount = flagged.filter({ has: account(/^dy\d+$/), hasNot: account(ACCOUNTS.partyMember) });
  await expect(withAccount.first()).toBeVisible();
  const withoutPledge = withAccount.filter({ hasText: '未晒诺' });
  const target = (await withoutPledge.count()) > 0 ? withoutPledge.first() : withAccount.first();
  const reason = (await target.locator('td').nth(2).textContent())!;
  const reminded = (await target.getByTestId('member-account').textContent())!.trim();
  await page.getByRole('button', { name: /一键提醒（\d+ 人）/ }).click();
  await expect(page.getByTestId('flash')).toHaveText(/^✓ 已提醒 \d+ 名党员/);
  await expect(flagged.filter({ has: account(reminded) }).locator('td').nth(4)).not.toHaveText('—');
  await signOut(page);

  // The reminded member sees it on their home page, and it says what is missing.
  await signIn(page, reminded);
  await page.goto('/member');
  await expect(page.getByTestId('pledge-reminder').first()).toContainText('月中督诺');
  await expect(page.getByTestId('pledge-reminder').first()).toContainText(reason.includes('未晒诺') ? '还没有晒诺' : /尚无进展|已超期/);
  await signOut(page);

  // 月末评诺: the secretary evaluates dy01's pledge with a comment.
  await signIn(page, ACCOUNTS.secretary);
  const month = chinaMonth();
  await page.goto(`/desk/pledges/evaluate?month=${month}`);
  await page.getByLabel('支部', { exact: true }).selectOption({ label: '龙盛华庭小区党支部' });
  await page.getByRole('button', { name: '查看' }).click();
  const form = page.getByRole('form', { name: new RegExp(title) });
  await form.getByLabel('完成', { exact: true }).check();
  await form.getByLabel('评议意见').fill(comment);
  await form.getByRole('button', { name: '评议' }).click();
  await expect(page.getByTestId('flash')).toHaveText(`✓ 已评议：${title}`);
  await expect(page.getByTestId('pledge-row').filter({ hasText: title })).toContainText(`已评议：完成（${comment}）`);

  // The year's results as .xlsx: the detail sheet holds the evaluation.
  await page.goto(`/desk/pledges/results?year=${month.slice(0, 4)}`);
  await expect(page.getByRole('heading', { level: 1, name: '评诺结果' })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-pledges-'));
  try {
    const file = path.join(dir, 'pledges.xlsx');
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('评诺明细')!;
    const headers = (sheet.getRow(1).values as string[]).slice(1);
    const rows: Record<string, unknown>[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
    });
    const ours = rows.filter((r) => r['承诺事项'] === title);
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ 月份: month, 支部: '龙盛华庭小区党支部', 承诺方式: '认领清单事项', 评议结果: '完成', 评议意见: comment });
    expect(workbook.getWorksheet('党员年度汇总')!.rowCount).toBeGreaterThan(1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
