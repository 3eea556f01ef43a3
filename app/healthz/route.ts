// GET /healthz for monitoring: 200 when the database answers, its migrations are current and the disk has room; 503 otherwise.
import path from 'node:path';
import { databasePath } from '@/db/client';
import { appStore } from '@/db/store';
import { checkHealth, minFreeBytesFromEnv } from '@/lib/ops/health';

export const dynamic = 'force-dynamic';

export async function GET() {
  // The data folder: DATABASE_PATH's (default .data), where uploads and backups go by default on either engine too.
  const report = await checkHealth({ store: appStore, dataDir: path.dirname(databasePath()), minFreeBytes: minFreeBytesFromEnv() });
  if (report.status !== 'ok') console.error('healthz: failing', JSON.stringify(report.checks));
  return Response.json(report, { status: report.status === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
