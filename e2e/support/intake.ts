// Where a resident starts: the QR link of a building, as printed by the secretary.
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { ACCOUNTS, signIn, signOut } from './auth';
import { E2E_DATABASE } from './subjects';

/** As the community secretary, the public QR link of the first building of a grid, read off its printed QR sheet. */
export async function printedQrLink(page: Page, gridName: string): Promise<string> {
  await signIn(page, ACCOUNTS.secretary);
  await page.goto('/org');
  await page.getByRole('link', { name: gridName, exact: true }).click();
  await page.locator('#children-heading + ul a').first().click();
  await page.getByRole('link', { name: '打印二维码' }).click();
  const url = (await page.getByText(/\/s\/[\w-]+$/).first().textContent())!.trim();
  await signOut(page);
  return new URL(url).pathname;
}

/**
 * The same link, read from the suite's database: the stories that start where a resident scans it. The print sheet
 * is walked once, by the first story of e2e/request-loop.spec.ts (printedQrLink), which checks that both agree.
 */
export async function buildingQrLink(_page: Page, gridName: string): Promise<string> {
  const db = new Database(E2E_DATABASE, { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare(
        `select ip.code from intake_points ip
           join org_nodes b on b.id = ip.node_id
           join org_nodes g on g.id = b.parent_id
         where g.kind = 'grid' and g.name = ? and g.retired_at is null and b.kind = 'building' and b.retired_at is null
           and ip.kind = 'building' and ip.active = 1
         order by b.sort_order, b.id, ip.id limit 1`,
      )
      .get(gridName) as { code: string } | undefined;
    if (!row) throw new Error(`no building QR code in the grid ${gridName}`);
    return `/s/${row.code}`;
  } finally {
    db.close();
  }
}
