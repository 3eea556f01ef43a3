// Where a resident starts: the QR link of a building, as printed by the secretary.
import Database from 'better-sqlite3';
import { expect, type Page } from '@playwright/test';
import { ACCOUNTS, signIn, signOut } from './auth';
import { E2E_DATABASE } from './subjects';

/**
 * As the community secretary, the first public QR link on the sheet printed from a grid's page: the sheet leads with
 * the grid's own code.
 */
export async function printedQrLink(page: Page, gridName: string): Promise<string> {
  await signIn(page, ACCOUNTS.secretary);
  await page.goto('/org');
  await page.getByRole('link', { name: gridName, exact: true }).click();
  // The grid's own sheet. This walk used to open a building first and click 打印二维码 at once: the grid page still
  // shown had that link too, so the sheet was the grid's unless the building's page came first (its sheet leads with
  // the building's code, and the check beside this failed).
  await expect(page.getByRole('heading', { level: 1, name: gridName })).toBeVisible();
  await page.getByRole('link', { name: '打印二维码' }).click();
  const url = (await page.getByText(/\/s\/[\w-]+$/).first().textContent())!.trim();
  await signOut(page);
  return new URL(url).pathname;
}

/**
 * The same link (the grid's own QR code), read from the suite's database: the stories that start where a resident
 * scans it. The print sheet is walked once, by the first story of e2e/request-loop.spec.ts (printedQrLink), which
 * checks that both agree.
 */
export async function buildingQrLink(_page: Page, gridName: string): Promise<string> {
  const db = new Database(E2E_DATABASE, { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare(
        `select ip.code from intake_points ip join org_nodes g on g.id = ip.node_id
         where g.kind = 'grid' and g.name = ? and g.retired_at is null and ip.kind = 'grid' and ip.active = 1
         order by ip.id limit 1`,
      )
      .get(gridName) as { code: string } | undefined;
    if (!row) throw new Error(`no QR code of the grid ${gridName}`);
    return `/s/${row.code}`;
  } finally {
    db.close();
  }
}
