// 办理回复模板: the secretary keeps a phrase for the community; a grid worker resolves a case with it in one tap.
import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn, signOut } from './support/auth';
import { actionForm, expectDone, expectStatus, logInOwnGrid, openCase } from './support/case-page';

test('the secretary adds a reply template; the grid worker picks it, edits it and resolves with it', async ({ page }) => {
  test.setTimeout(90_000);
  const phrase = `已联系龙湖物业维修班组，当日修复 ${Date.now()}`;

  // The secretary: an empty phrase is refused in words, a real one is kept for the community.
  await signIn(page, ACCOUNTS.secretary);
  await page.goto('/desk/templates');
  await expect(page.getByRole('heading', { name: '回复模板' })).toBeVisible();
  const add = page.getByRole('region', { name: '添加模板' });
  await add.getByLabel('用途').selectOption({ label: '办结回复' });
  await add.getByRole('button', { name: '添加模板' }).click();
  await expect(add.getByText('请填写模板内容')).toBeVisible();
  await add.getByLabel(/模板内容/).fill(phrase);
  await add.getByLabel('适用范围').selectOption({ label: '龙湖社区' });
  await add.getByRole('button', { name: '添加模板' }).click();
  await expect(add.getByRole('status')).toHaveText('已添加回复模板。');
  await expect(page.getByRole('listitem', { name: phrase })).toContainText('全部分类 · 适用于龙湖社区');
  // The county's phrases are listed for reading, not editing.
  await expect(page.getByRole('listitem', { name: '已联系物业，预计三日内修复。' })).toContainText('上级设置，仅可查看');
  await signOut(page);

  // The grid worker: a street light in their grid, taken on and resolved with the phrase, edited before sending.
  await signIn(page, ACCOUNTS.gridWorker);
  const number = await logInOwnGrid(page, `e2e 路灯：5号楼前路灯不亮 ${Date.now()}`);
  await openCase(page, number);
  const accept = await actionForm(page, '受理');
  await accept.getByLabel('事项分类').selectOption({ label: '路灯照明（民生服务类）' });
  await accept.getByRole('button', { name: '确认受理' }).click();
  await expectDone(page, '已受理');
  const self = await actionForm(page, '由我办理');
  await self.getByRole('button', { name: '由我办理' }).click();
  await expectDone(page, '已由您办理');
  await expectStatus(page, '办理中');
  const resolve = await actionForm(page, '办结');
  const phrases = resolve.getByRole('group', { name: '常用回复' });
  // The category's own phrase first, then the community's and the county's general ones.
  await expect(phrases.getByRole('button').first()).toHaveText('已联系物业更换灯泡，楼道照明已恢复。');
  await phrases.getByRole('button', { name: phrase }).click();
  const box = resolve.getByLabel(/办理结果/);
  await expect(box).toHaveValue(phrase);
  await expect(box).toBeFocused();
  await box.press('End');
  await box.pressSequentially('，已请居民确认');
  await resolve.getByRole('button', { name: '确认办结' }).click();
  await expectDone(page, '已办结');
  await expectStatus(page, '已办结');
  await expect(page.locator('#timeline-heading ~ ol')).toContainText(`${phrase}，已请居民确认`);
});
