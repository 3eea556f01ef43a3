// The request loop on a phone: a resident's wish from a building's QR code to a satisfied rating.
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ACCOUNTS, expectNotFound, signIn, signOut } from './support/auth';
import { actionForm, expectDone, expectStatus, logInOwnGrid, openCase } from './support/case-page';
import { buildingQrLink, printedQrLink } from './support/intake';

const PHOTO = path.join(__dirname, 'fixtures', 'wish.jpg');

test('a wish from a QR code is claimed, redone after 不满意, and closed after 满意', async ({ page }) => {
  test.setTimeout(120_000);
  const qrPath = await printedQrLink(page, '龙盛华庭');
  expect(qrPath, 'the printed QR sheet leads with the code the other stories start from').toBe(await buildingQrLink(page, '龙盛华庭'));
  const wish = `e2e 微心愿：独居的李奶奶想请人帮忙换一下厨房的灯泡 ${Date.now()}`;

  // The resident scans the code: no account, the place is already filled in.
  await page.goto(qrPath);
  await page.getByLabel(/诉求内容/).fill(wish);
  await page.getByLabel(/姓名或称呼/).fill('李奶奶');
  await page.locator('input[type=file][name=photos]:not([capture])').setInputFiles(PHOTO);
  await expect(page.getByRole('img', { name: /照片/ }).first()).toBeVisible();
  await page.getByRole('button', { name: '提交诉求' }).click();
  await expect(page.getByRole('heading', { name: /提交成功/ })).toBeVisible();
  const number = (await page.locator('p.font-mono').first().textContent())!.trim();
  expect(number).toMatch(/^YH\d{8}-\d{4,}$/);
  const statusLink = new URL(await page.getByLabel('请保存此链接查看进度并评价').inputValue()).pathname;

  // The grid worker accepts it and puts it on the claim board.
  await signIn(page, ACCOUNTS.gridWorker);
  const newTab = page.getByRole('navigation', { name: '工作分类' }).getByRole('link', { name: /新诉求/ });
  await newTab.click();
  // The 全部 list being left may hold the case too.
  await expect(newTab).toHaveAttribute('aria-current', 'page');
  await page.getByRole('link', { name: new RegExp(number) }).click();
  await expect(page.getByText(wish)).toBeVisible();
  const accept = await actionForm(page, '受理');
  await accept.getByLabel('事项分类').selectOption({ label: '微心愿（基层党建类）' });
  await accept.getByRole('button', { name: '确认受理' }).click();
  await expectDone(page, '已受理');
  await expectStatus(page, '已受理');
  const post = await actionForm(page, '发布到党员认领台');
  await post.getByRole('button', { name: '发布到认领台' }).click();
  await expectDone(page, '已发布到认领台');
  // Waiting on the board reads 待认领, not the 已派单 of a case someone has taken.
  await expectStatus(page, '待认领');
  await expect(page.getByText('党员认领台（待认领）')).toBeVisible();
  await signOut(page);

  // A party member of the grid claims it, reports progress and resolves it with a photo.
  await signIn(page, ACCOUNTS.partyMember);
  await page.getByRole('link', { name: '认领台' }).first().click();
  const card = page.locator('#board-heading ~ ul > li').filter({ hasText: number });
  await expect(card.getByText('待认领', { exact: true })).toBeVisible();
  await expect(card.getByText('已派单', { exact: true })).toHaveCount(0);
  await card.getByRole('button', { name: '认领这件事' }).click();
  await expectDone(page, '已认领');
  await expectStatus(page, '办理中');
  // While in progress, 进展 and 办结 come first; 退回 or 吹哨 only behind 更多操作.
  await expect(page.locator('[data-action-title]').first()).toHaveAttribute('data-action-title', '记录进展');
  await expect(page.locator('[data-action-title]').nth(1)).toHaveAttribute('data-action-title', '办结');
  const progress = await actionForm(page, '记录进展');
  await progress.getByLabel(/办理进展/).fill('已联系李奶奶，约好明天上午上门');
  await progress.getByRole('button', { name: '保存进展' }).click();
  await expectDone(page, '进展已保存');
  await expect(page.locator('#timeline-heading ~ ol')).toContainText('已联系李奶奶');
  let resolve = await actionForm(page, '办结');
  await resolve.getByLabel(/办理结果/).fill('已上门换好灯泡，顺便检查了电线');
  await resolve.locator('input[type=file]:not([capture])').setInputFiles(PHOTO);
  await expect(resolve.getByRole('img', { name: '第 1 张照片预览' })).toBeVisible();
  await resolve.getByRole('button', { name: '确认办结' }).click();
  await expectDone(page, '已办结');
  await expectStatus(page, '已办结');
  await expect(page.locator('#timeline-heading ~ ol').getByRole('img', { name: /办结照片/ })).toBeVisible();
  await signOut(page);

  // The resident is not satisfied: the case is reopened.
  await page.goto(statusLink);
  await expect(page.getByText('已办结', { exact: true }).first()).toBeVisible();
  // Before rating, the resident sees what they sent and the handler's proof, loaded with the link's authority.
  const submission = page.getByRole('region', { name: '您反映的问题' });
  await expect(submission).toContainText(wish);
  const ownPhoto = submission.getByRole('img', { name: '您提交的照片 1' });
  const proof = page.getByRole('region', { name: '办理照片' }).getByRole('img', { name: '办结照片 1' });
  for (const img of [ownPhoto, proof]) {
    await expect(img).toBeVisible();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
  }
  // The photo route answers only with the right link: no token, or another token, is refused.
  const proofSrc = (await proof.getAttribute('src'))!;
  const bare = proofSrc.split('?')[0]!;
  expect((await page.request.get(bare)).status()).toBe(401);
  expect((await page.request.get(`${bare}?t=${'x'.repeat(24)}`)).status()).toBe(404);
  await page.getByRole('radio', { name: /^不满意/ }).check();
  await page.getByLabel(/哪里不满意/).fill('灯还是有点闪');
  await page.getByRole('button', { name: '提交评价' }).click();
  // The form's own hint ("…事项会重新办理") says 重新办理 before the rating is in: the status must say it.
  await expect(page.getByRole('region', { name: '当前状态' })).toContainText('重新办理');

  // The party member is told, and resolves it again.
  await signIn(page, ACCOUNTS.partyMember);
  await page.getByRole('navigation', { name: '底部导航' }).getByRole('link', { name: /通知/ }).click();
  await expect(page.getByText('不满意重办').first()).toBeVisible();
  await openCase(page, number);
  await expectStatus(page, '办理中');
  resolve = await actionForm(page, '办结');
  await resolve.getByLabel(/办理结果/).fill('换了新的灯座，不再闪烁');
  await resolve.getByRole('button', { name: '确认办结' }).click();
  await expectStatus(page, '已办结');
  await signOut(page);

  // Satisfied: closed.
  await page.goto(statusLink);
  await page.getByRole('radio', { name: /^满意/ }).check();
  await page.getByRole('button', { name: '提交评价' }).click();
  // Not the stepper's 已关闭, there from the start: the status, before signing in elsewhere cuts the rating short.
  await expect(page.getByRole('region', { name: '当前状态' })).toContainText('已关闭');

  // The secretary sees the whole timeline.
  await signIn(page, ACCOUNTS.secretary);
  await openCase(page, number);
  await expectStatus(page, '已关闭');
  const timeline = page.locator('#timeline-heading ~ ol > li');
  const steps = (await timeline.locator('p.text-sm > span.font-semibold').allTextContents()).map((s) => s.trim());
  expect(steps).toEqual(['提交诉求', '受理', '发布到党员认领台', '认领', '记录进展', '办结', '评价', '办结', '评价']);
  await expect(timeline.filter({ hasText: '不满意（居民评价）' })).toHaveCount(1);
  await expect(timeline.filter({ hasText: '满意（居民评价）' }).last()).toBeVisible();
});

test('a grid worker of another grid cannot see a case, by URL or by API', async ({ page }) => {
  await signIn(page, ACCOUNTS.gridWorker);
  const number = await logInOwnGrid(page, `e2e 巡查：3号楼下水道井盖松动 ${Date.now()}`);
  await signOut(page);
  await signIn(page, ACCOUNTS.otherGridWorker);
  await page.goto(`/cases/${number}`);
  await expectNotFound(page);
  const api = await page.request.get(`/api/v1/cases/${number}`);
  expect(api.status()).toBe(404);
  expect((await api.json()).error.code).toBe('not_found');
});

test('a unit liaison sees only the cases handed to their unit', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, ACCOUNTS.gridWorker);
  const handed = await logInOwnGrid(page, `e2e 路灯：小区东门两盏路灯不亮 ${Date.now()}`);
  const kept = await logInOwnGrid(page, `e2e 环境：楼道堆放杂物 ${Date.now()}`);
  await openCase(page, handed);
  const accept = await actionForm(page, '受理');
  await accept.getByLabel('事项分类').selectOption({ label: '路灯照明（民生服务类）' });
  await accept.getByRole('button', { name: '确认受理' }).click();
  await expectStatus(page, '已受理');
  const hand = await actionForm(page, '转交共建单位/部门');
  await hand.getByLabel('共建单位或职能部门').selectOption({ label: '国网新绛县供电公司（共建单位）' });
  await hand.getByRole('button', { name: '转交' }).click();
  await expectDone(page, '已转交');
  await expectStatus(page, '已派单');
  await signOut(page);

  await signIn(page, ACCOUNTS.unitLiaison);
  await expect(page.locator('#unit-open-heading ~ ul')).toContainText(handed);
  await openCase(page, handed);
  const sign = await actionForm(page, '签收');
  await sign.getByRole('button', { name: '签收' }).click();
  await expectStatus(page, '办理中');
  await page.goto(`/cases/${kept}`);
  await expectNotFound(page);
  await signOut(page);

  await signIn(page, 'dw02');
  await page.goto(`/cases/${handed}`);
  await expectNotFound(page);
});

test('bad input to the public form and the API gets a clear error and stores nothing', async ({ page }) => {
  const qrPath = await buildingQrLink(page, '绛州府邸');
  await signIn(page, ACCOUNTS.secretary);
  await page.goto('/org');
  await page.getByRole('link', { name: '绛州府邸', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '绛州府邸' })).toBeVisible();
  const gridId = Number(page.url().split('/').pop());
  const total = async () => (await (await page.request.get(`/api/v1/cases?gridId=${gridId}&pageSize=1&count=exact`)).json()).total as number;
  const before = await total();
  // A page of the list comes gzipped (by the route, relayed by the front server) and reads as JSON.
  const listed = await page.request.get(`/api/v1/cases?gridId=${gridId}&pageSize=20`, { headers: { 'accept-encoding': 'gzip' } });
  expect(listed.status()).toBe(200);
  expect(listed.headers()['content-encoding']).toBe('gzip');
  expect((await listed.json()).items.length).toBeGreaterThan(1);

  const bad = await page.request.post('/api/v1/cases', { data: { description: '', source: 'patrol', nodeId: gridId } });
  expect(bad.status()).toBe(400);
  const body = await bad.json();
  expect(body.error.code).toBe('validation_failed');
  expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  const unknownAction = await page.request.post('/api/v1/cases/YH20200101-0001/actions', { data: { action: 'explode', version: 0 } });
  expect([400, 404]).toContain(unknownAction.status());
  await signOut(page);

  const anonymous = await page.request.post('/api/v1/cases', { data: { description: '没有令牌的请求', source: 'patrol', nodeId: gridId } });
  expect(anonymous.status()).toBe(401);

  await page.goto(qrPath);
  await page.getByRole('button', { name: '提交诉求' }).click();
  await expect(page.getByText(/请填写诉求内容/).first()).toBeVisible();
  await page.getByLabel(/诉求内容/).fill('楼下的路灯坏了');
  await page.getByText('需要回访', { exact: false }).first().click();
  await page.getByRole('button', { name: '提交诉求' }).click();
  await expect(page.getByText('需要回访时请留下手机号码').first()).toBeVisible();
  await page.getByLabel(/手机号/).fill('12345');
  await page.getByRole('button', { name: '提交诉求' }).click();
  await expect(page.getByText('请输入 11 位手机号码').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: /提交成功/ })).toHaveCount(0);
  // Fixing the field takes the banner and the field's message away, before submitting again.
  await expect(page.getByRole('alert').filter({ hasText: '请检查标红的内容' })).toBeVisible();
  await page.getByLabel(/手机号/).fill('13800000000');
  await expect(page.getByText('请输入 11 位手机号码')).toHaveCount(0);
  await expect(page.getByRole('alert').filter({ hasText: '请检查标红的内容' })).toHaveCount(0);
  await expect(page.getByLabel(/手机号/)).toHaveAttribute('aria-invalid', 'false');

  await signIn(page, ACCOUNTS.secretary);
  expect(await total()).toBe(before);
});

test('the resident form offers emergency numbers and the grid worker to call, and keeps the submit button in reach', async ({ page }) => {
  const qrPath = await buildingQrLink(page, '龙盛华庭');
  await page.goto(qrPath);
  const emergency = page.getByRole('region', { name: '紧急电话' });
  for (const [label, number] of [['报警', '110'], ['火警', '119'], ['急救', '120']]) {
    await expect(emergency.getByRole('link', { name: `${label} ${number}` })).toHaveAttribute('href', `tel:${number}`);
  }
  const grid = page.getByRole('region', { name: '联系所在网格的网格员' });
  await expect(grid).toContainText('龙盛华庭');
  await expect(grid).toContainText('网格员');
  await expect(grid.getByRole('link', { name: /服务电话 1\d{10}/ })).toHaveAttribute('href', /^tel:1\d{10}$/);
  // At the top of a long form on a phone the submit button is already on screen (the place's published requests,
  // "是不是同一件事？", may come before the form: the check starts where the resident starts writing).
  await page.getByLabel(/诉求内容/).scrollIntoViewIfNeeded();
  await expect(page.getByRole('button', { name: '提交诉求' })).toBeInViewport();
});

// ---- the grid worker's and party member's day on the phone ----------------------------------

/** The number behind a "N 条未读" text, or 0 for "没有未读通知". */
function unreadIn(text: string | null): number {
  return Number(/(\d+) 条未读/.exec(text ?? '')?.[1] ?? 0);
}

test('the worker home is one list: every case once, tabs with counts, most urgent first, search by number', async ({ page }) => {
  await signIn(page, 'wg05');
  await expect(page.getByRole('heading', { level: 1, name: '我的工作' })).toBeVisible();
  const tabs = page.getByRole('navigation', { name: '工作分类' });
  for (const name of ['全部', '超期', '新诉求', '我的待办', '今日到期', '待回访']) await expect(tabs.getByRole('link', { name: new RegExp(`^${name}`) })).toBeVisible();
  const numbers = await page.locator('[data-testid=case-card] .font-mono').allTextContents();
  expect(numbers.length).toBeGreaterThan(0);
  expect(new Set(numbers).size, 'a case appears once').toBe(numbers.length);
  // Overdue work leads the list.
  const overdue = Number(await page.getByTestId('count-overdue').textContent());
  if (overdue > 0) await expect(page.locator('[data-testid=case-card]').first().getByText('已超期', { exact: true })).toBeVisible();
  // The tab bar is within the thumb's reach at the bottom of the screen.
  const bar = page.getByRole('navigation', { name: '底部导航' });
  await expect(bar.getByRole('link', { name: /工作/ })).toHaveAttribute('aria-current', 'page');
  const box = (await bar.boundingBox())!;
  expect(box.y + box.height).toBeGreaterThan(page.viewportSize()!.height - 2);

  // Outdoors the signal drops: the page says so at once.
  await page.context().setOffline(true);
  await expect(page.getByText('网络已断开，草稿已保存在本机')).toBeVisible();
  await page.context().setOffline(false);
  await expect(page.getByText('网络已断开，草稿已保存在本机')).toBeHidden();

  await page.getByLabel(/搜索事项/).fill(numbers[0]!.trim());
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(page.locator('[data-testid=case-card]')).toHaveCount(1);
  await expect(page.locator('[data-testid=case-card]')).toContainText(numbers[0]!.trim());
});

test('当场办结: the worker logs a fixed problem in one step, and the case is resolved with its whole timeline', async ({ page }) => {
  await signIn(page, 'wg06');
  await page.getByRole('navigation', { name: '底部导航' }).getByRole('link', { name: /登记/ }).click();
  const description = `e2e 巡查：单元门禁闭门器脱落 ${Date.now()}`;
  await page.getByLabel(/诉求内容/).fill(description);
  await page.getByText('网格巡查', { exact: true }).click();
  await expect(page.getByRole('radio', { name: /网格巡查/ })).toBeChecked();
  await page.getByLabel(/^地点/).selectOption({ index: 1 });
  await page.getByLabel(/^分类/).selectOption({ label: '门禁' });
  await page.getByLabel(/当场办结/).check();
  // Nothing is sent until the result is written down, and the app says so in its own words.
  await page.getByRole('button', { name: '登记并办结' }).click();
  await expect(page.getByText('请填写办理结果（做了什么）').first()).toBeVisible();
  await page.getByLabel(/办理结果/).fill('现场重新固定了闭门器');
  await page.getByRole('button', { name: '登记并办结' }).click();
  await expect(page.getByRole('heading', { name: '登记成功，已当场办结' })).toBeVisible();
  await page.getByRole('link', { name: '查看事项' }).click();
  await expectStatus(page, '已办结');
  const steps = (await page.locator('#timeline-heading ~ ol > li p.text-sm > span.font-semibold').allTextContents()).map((s) => s.trim());
  expect(steps).toEqual(['提交诉求', '受理', '由我办理', '办结']);
  await expect(page.locator('#timeline-heading ~ ol')).toContainText('现场重新固定了闭门器');
});

test('a 待受理 case: the grid worker calls the resident at once, gets a toast after 受理, and the next steps come first', async ({ page }) => {
  const qrPath = await buildingQrLink(page, '天福家园');
  await page.goto(qrPath);
  await page.getByLabel(/诉求内容/).fill(`e2e 楼道灯坏了 ${Date.now()}`);
  await page.getByLabel(/手机号/).fill('13800001234');
  await page.getByRole('button', { name: '提交诉求' }).click();
  await expect(page.getByRole('heading', { name: /提交成功/ })).toBeVisible();
  const number = (await page.locator('p.font-mono').first().textContent())!.trim();

  await signIn(page, 'wg07');
  await openCase(page, number);
  await expectStatus(page, '待受理');
  await expect(page.locator('a[href="tel:13800001234"]')).toBeVisible();
  await expect(page.getByRole('link', { name: '返回' })).toBeVisible();
  const accept = await actionForm(page, '受理');
  // The app's own message, not the browser's bubble.
  await accept.getByRole('button', { name: '确认受理' }).click();
  await expect(accept.getByText('请选择事项分类')).toBeVisible();
  await accept.getByLabel(/事项分类/).selectOption({ label: '路灯照明（民生服务类）' });
  await accept.getByRole('button', { name: '确认受理' }).click();
  await expectDone(page, '已受理');
  await expectStatus(page, '已受理');
  // 由我办理 is the big button; refusing is one tap away, after the ways to hand it on.
  await expect(page.locator('[data-action-title]').first()).toHaveAttribute('data-action-title', '由我办理');
  await expect(page.locator('[data-action-title="不予受理"]')).toBeHidden();
  const more = await page.locator('details[data-more-actions] [data-action-title]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action-title')));
  expect(more.indexOf('派给网格员')).toBeLessThan(more.indexOf('不予受理'));
  expect(more.indexOf('发布到党员认领台')).toBeLessThan(more.indexOf('标记重复'));
});

test('the unread count is the same on the tab bar and the page, and opening the case reads its notifications', async ({ page }) => {
  const qrPath = await buildingQrLink(page, '学府名苑');
  await page.goto(qrPath);
  const wish = `e2e 通知：小区南门地面塌陷 ${Date.now()}`;
  await page.getByLabel(/诉求内容/).fill(wish);
  await page.getByRole('button', { name: '提交诉求' }).click();
  await expect(page.getByRole('heading', { name: /提交成功/ })).toBeVisible();
  const number = (await page.locator('p.font-mono').first().textContent())!.trim();

  await signIn(page, 'wg09');
  await page.goto('/notifications');
  const badge = page.getByTestId('tab-unread');
  const before = unreadIn(await page.getByRole('heading', { level: 1, name: '通知' }).locator('+ p').textContent());
  expect(before).toBeGreaterThan(0);
  expect(unreadIn(await badge.textContent())).toBe(before);
  const group = page.getByRole('link', { name: new RegExp(number) });
  await expect(group.getByText(/条未读/)).toBeVisible();
  await group.click();
  await expectStatus(page, '待受理');
  // Once the page has marked it read, the badge drops.
  if (before > 1) await expect(badge).toHaveText(`${before - 1} 条未读`);
  else await expect(badge).toHaveCount(0);
  await page.goto('/notifications');
  const after = unreadIn(await page.getByRole('heading', { level: 1, name: '通知' }).locator('+ p').textContent());
  expect(after).toBeLessThan(before);
  expect(after === 0 ? 0 : unreadIn(await badge.textContent())).toBe(after);
  await expect(page.getByRole('link', { name: new RegExp(number) }).getByText(/条未读/)).toHaveCount(0);
});

test("the party member's households come first, with a call button and their care tags; the board has filters", async ({ page }) => {
  await signIn(page, ACCOUNTS.partyMember);
  const headings = await page.locator('main h2').allTextContents();
  expect(headings[0]).toMatch(/^我联系的住户/);
  const households = page.locator('#households-heading ~ ul > li');
  await expect(households.first().locator('a[href^="tel:"]')).toBeVisible();
  await expect(page.locator('#households-heading ~ ul').getByRole('list', { name: '关爱标签' }).first()).toBeVisible();
  await page.getByRole('navigation', { name: '底部导航' }).getByRole('link', { name: /认领台/ }).click();
  await page.getByText('筛选和排序').click();
  await expect(page.getByLabel('分类')).toBeVisible();
  await expect(page.getByLabel('楼栋/网格')).toBeVisible();
  await expect(page.getByLabel('排序')).toHaveValue('near');
});
