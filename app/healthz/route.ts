// GET /healthz for monitoring: 200 when the database answers, its migrations are current and the disk has room; 503 otherwise.
import path from 'node:path';
import { databasePath } from '@/db/client';
import { ENGINE } from '@/db/engine';
import { appStore } from '@/db/store';
import { uploadsDir } from '@/lib/cases/photos';
import { checkHealth, minFreeBytesFromEnv } from '@/lib/ops/health';

export const dynamic = 'force-dynamic';

export async function GET() {
  // The local data folder: the SQLite file's; on PostgreSQL the one that holds the uploads folder.
  const dataDir = path.dirname(ENGINE === 'pg' ? uploadsDir() : databasePath());
  const report = await checkHealth({ db: () => appStore().db, dataDir, minFreeBytes: minFreeBytesFromEnv() });
  if (report.status !== 'ok') console.error('healthz: failing', JSON.stringify(report.checks));
  return Response.json(report, { status: report.status === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
