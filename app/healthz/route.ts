// GET /healthz for monitoring: 200 when the database answers, its migrations are current and the disk has room; 503 otherwise.
import path from 'node:path';
import { databasePath, getDb } from '@/db/client';
import { checkHealth, minFreeBytesFromEnv } from '@/lib/ops/health';

export const dynamic = 'force-dynamic';

export function GET() {
  const report = checkHealth({ db: getDb, dataDir: path.dirname(databasePath()), minFreeBytes: minFreeBytesFromEnv() });
  if (report.status !== 'ok') console.error('healthz: failing', JSON.stringify(report.checks));
  return Response.json(report, { status: report.status === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
