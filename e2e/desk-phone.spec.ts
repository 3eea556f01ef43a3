// The secretary's desk on a 360 px phone: no page scrolls sideways and no table runs past the screen (they read as
// cards there), while the desktop keeps its tables; and 月中督诺's counts keep a commitment awaiting approval apart
// from a published pledge (已晒诺).
import { devices, expect, test, type Browser, type Page } from '@playwright/test';
import { ACCOUNTS, signIn, signOut } from './support/auth';

const PHONE_360 = { ...devices['Pixel 7'], viewport: { width: 360, height: 740 } };

/** The page does not scroll sideways, and no table (nor its box) reaches past the right edge of the screen. */
async function expectNoSidewaysScroll(page: Page, what: string) {
  const overflow = await page.evaluate(() => {
    const root = document.scrollingElement!;
    const tables = [...document.querySelectorAll('table')].map((t) => {
      const box = t.getBoundingClientRect();
      const parent = t.parentElement!;
      const scroller = ['auto', 'scroll'].includes(getComputedStyle(parent).overflowX);
      return { right: Math.round(box.right), scrolls: scroller && parent.scrollWidth > parent.clientWidth + 1 };
    });
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, tables };
  });
  expect(overflow.scrollWidth, `${what}: the page scrolls sideways`).toBeLessThanOrEqual(overflow.clientWidth);
  for (const [i, t] of overflow.tables.entries()) {
    expect(t.right, `${what}: table ${i + 1} runs past the screen`).toBeLessThanOrEqual(overflow.clientWidth);
    expect(t.scrolls, `${what}: table ${i + 1} scrolls sideways in its box`).toBe(false);
  }
}

async function phonePage(browser: Browser) {
  const context = await browser.newContext(PHONE_360);
  return { context, page: await context.newPage() };
}

test('every desk page fits a 360 px phone: no sideways scroll, tables as cards', { tag: '@desk' }, async ({ browser }) => {
  test.setTimeout(180_000);
  const { context, page } = await phonePage(browser);
  try {
    await signIn(page, ACCOUNTS.secretary);
    await page.goto('/desk/pledges');
    const branchHref = await page.getByTestId('branch-counts').getByRole('link').first().getAttribute('href');
    const paths = [
      '/desk',
      '/desk/cases',
      '/desk/cases?view=overdue',
      '/desk/cases?view=unsatisfied',
      '/desk/stats',
      '/desk/exports',
      '/desk/report',
      '/desk/residents',
      '/desk/templates',
      '/desk/pledges',
      branchHref!,
      '/desk/pledges/items',
      '/desk/pledges/evaluate',
      '/desk/pledges/results',
    ];
    for (const path of paths) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      await expectNoSidewaysScroll(page, path);
    }
    // A card names its figures: the column's name stands before each one.
    await page.goto('/desk/pledges');
    const firstRow = page.getByTestId('branch-counts').locator('tbody tr').first();
    const label = await firstRow.getByTestId('pledged').evaluate((span) => getComputedStyle(span.parentElement!, '::before').content);
    expect(label).toContain('已晒诺');
    expect(await firstRow.evaluate((tr) => getComputedStyle(tr).display)).toBe('block');
  } finally {
    await context.close();
  }
});

test('on a desktop the same pages keep their tables with a visible header row', { tag: '@desk' }, async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, ACCOUNTS.secretary);
  await page.goto('/desk/pledges');
  await expect(page.getByTestId('branch-counts').getByRole('columnheader', { name: '已晒诺' })).toBeVisible();
  const display = await page.getByTestId('branch-counts').locator('tbody tr').first().evaluate((tr) => getComputedStyle(tr).display);
  expect(display).toBe('table-row');
  await page.goto('/desk/cases');
  await expect(page.getByRole('columnheader', { name: '摘要' })).toBeVisible();
});

/** The figures of one branch's line in 各支部晒诺情况. */
async function branchLine(page: Page, branchId: string) {
  const row = page.getByTestId('branch-counts').locator(`tr[data-branch-id="${branchId}"]`);
  const n = async (testId: string) => Number.parseInt((await row.getByTestId(testId).innerText()).trim(), 10);
  return {
    members: await n('members'),
    pledged: await n('pledged'),
    awaiting: await n('awaiting'),
    noPledge: await n('no-pledge'),
    pendingReviews: await n('pending-reviews'),
  };
}

test('月中督诺: a commitment awaiting approval is counted as 待审核, not as 已晒诺, until the secretary approves it', { tag: '@desk' }, async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, ACCOUNTS.secretary);
  await page.goto('/desk/pledges');
  // A branch no other story pledges in (the pledge story uses 龙盛华庭, the residents' story 龙湖花园's claims).
  const link = page.getByTestId('branch-counts').getByRole('link', { name: /龙湖村/ });
  const branchId = (await link.getAttribute('href'))!.match(/branch=(\d+)/)![1]!;
  await link.click();
  // A member of it who signs in, best one who has not pledged this month (late in a month every one may have).
  const members = page.getByRole('table', { name: '支部党员' }).locator('tbody tr').filter({ has: page.getByTestId('member-account').filter({ hasText: /^dy\d+$/ }) });
  await expect(members.first()).toBeVisible();
  const unpledged = members.filter({ hasText: '未晒诺' });
  const candidate = (await unpledged.count()) > 0 ? unpledged.first() : members.first();
  const login = (await candidate.getByTestId('member-account').innerText()).trim();
  const memberId = await candidate.getAttribute('data-member-id');
  const situation = (await candidate.locator('td').nth(2).innerText()).trim();
  const confirmedBefore = Number(situation.match(/已晒诺 (\d+) 项/)?.[1] ?? 0);
  const awaitingBefore = Number(situation.match(/(\d+) 项待审核/)?.[1] ?? 0);
  const before = await branchLine(page, branchId);
  expect(before.pledged + before.awaiting + before.noPledge).toBe(before.members);
  await signOut(page);

  // The member writes an own commitment: it waits for the secretary's approval.
  const title = `e2e 帮邻居修一次自行车 ${Date.now()}`;
  await signIn(page, login);
  await page.goto('/member/pledges');
  await page.getByLabel('我承诺本月').fill(title);
  await page.getByLabel('类别').selectOption('民生服务类');
  await page.getByRole('button', { name: '提交承诺' }).click();
  await expect(page.getByTestId('flash')).toBeVisible();
  await signOut(page);

  await signIn(page, ACCOUNTS.secretary);
  await page.goto(`/desk/pledges?branch=${branchId}`);
  const waiting = await branchLine(page, branchId);
  // 已晒诺 counts members with a confirmed pledge only; the commitment moves its member to 待审核 unless confirmed already.
  const moves = confirmedBefore === 0 && awaitingBefore === 0 ? 1 : 0;
  expect(waiting.pledged, '已晒诺 does not count a commitment awaiting approval').toBe(before.pledged);
  expect(waiting.awaiting).toBe(before.awaiting + moves);
  expect(waiting.noPledge).toBe(before.noPledge - moves);
  expect(waiting.pledged + waiting.awaiting + waiting.noPledge).toBe(waiting.members);
  expect(waiting.pendingReviews).toBe(before.pendingReviews + 1);
  const row = page.locator(`tr[data-member-id="${memberId}"]`);
  await expect(row.locator('td').nth(2)).toContainText(`${awaitingBefore + 1} 项待审核`);
  if (confirmedBefore === 0) await expect(row.locator('td').nth(2)).not.toContainText('已晒诺');
  // The page's own parts agree: the list to review holds as many as the line says.
  await expect(page.getByRole('heading', { level: 2, name: `待审核的自主承诺（${waiting.pendingReviews}）` })).toBeVisible();

  // Approved, it is published: 已晒诺 now.
  await page.getByRole('region', { name: /^待审核的自主承诺/ }).getByRole('listitem').filter({ hasText: title }).getByRole('button', { name: '通过', exact: true }).click();
  await expect(page.getByTestId('flash')).toBeVisible();
  await page.goto(`/desk/pledges?branch=${branchId}`);
  const approved = await branchLine(page, branchId);
  expect(approved.pledged).toBe(before.pledged + (confirmedBefore === 0 ? 1 : 0));
  expect(approved.awaiting).toBe(before.awaiting - (confirmedBefore === 0 && awaitingBefore > 0 ? 1 : 0));
  expect(approved.pendingReviews).toBe(before.pendingReviews);
  await expect(row.locator('td').nth(2)).toContainText(`已晒诺 ${confirmedBefore + 1} 项`);
});
