import { notFound, redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/current-user';
import { LEDGER_FILE_NAMES, LEDGER_KINDS, type LedgerKind } from '@/lib/registry/import/columns';
import { writeTemplate } from '@/lib/registry/export-ledgers';
import { xlsxResponse } from '@/lib/desk/xlsx-response';

/** An empty ledger template: headers and 填写说明, no personal data, so a GET that writes nothing. */
export async function GET(_request: Request, { params }: { params: Promise<{ ledger: string }> }) {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  if (user.role !== 'admin' && user.role !== 'secretary') notFound();
  const { ledger } = await params;
  if (!(LEDGER_KINDS as readonly string[]).includes(ledger)) notFound();
  const kind = ledger as LedgerKind;
  return xlsxResponse({ fileName: `${LEDGER_FILE_NAMES[kind]}模板.xlsx`, write: (out) => writeTemplate(out, kind) });
}
