// Test support: the statistics of a SQLite database computed by a process of its own on SQLite, so that a test running
// on PostgreSQL can compare them with its own figures for the same rows (table objects and SQL are chosen once per
// process, db/tables.ts). `node --import tsx lib/stats/sqlite-figures.ts <file>` reads the questions as JSON on stdin
// and writes the answers as JSON on stdout; `sqliteFigures` runs it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Viewer } from '@/lib/cases/visibility';
import type { Stats } from './types';

export type FigureQuestion = { viewer: Viewer; from: string; to: string; gridId?: number; now: string; direct?: boolean };

/** computeStats (or computeStatsDirect, `direct`) of each question on the SQLite database `file`, as JSON values. */
export function sqliteFigures(file: string, questions: readonly FigureQuestion[]): unknown[] {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'sqlite-figures.ts'), file], {
    input: JSON.stringify(questions),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, YINGHUO_ENGINE: 'sqlite', DATABASE_URL: '', DATABASE_PATH: file },
  });
  if (run.status !== 0) throw new Error(`sqlite-figures failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as unknown[];
}

async function main(file: string) {
  // Imported here, not above: a PostgreSQL test process that only calls sqliteFigures must not open a SQLite store.
  const { openSqliteStore } = await import('@/db/store');
  const { computeStats, computeStatsDirect } = await import('./compute');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const questions = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FigureQuestion[];
  const store = openSqliteStore(file);
  try {
    const answers: Stats[] = [];
    for (const q of questions) {
      const period = { from: new Date(q.from), to: new Date(q.to), gridId: q.gridId };
      answers.push(await (q.direct ? computeStatsDirect : computeStats)(store.db, q.viewer, period, new Date(q.now)));
    }
    process.stdout.write(JSON.stringify(answers));
  } finally {
    await store.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  main(process.argv[2]!).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
