// `npm run city:backup-check`: PostgreSQL's own backup tools on the demo, end to end, on a throwaway cluster: the demo
// copied in with db:copy; pg_dump -Fc; pg_restore into a fresh database; row counts of every table compared, and
// db:copy --verify-only's checksums of the restored database against the SQLite original; then pg_basebackup (the
// base of point-in-time recovery) checked with pg_verifybackup. Prints the figures the README quotes; exit 1 on any
// difference.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { databaseUrl } from '../../db/pg/cluster';
import { copyIntoPostgres, runNpm, startPostgres } from './local';

async function counts(url: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `select quote_ident(table_schema) || '.' || quote_ident(table_name) as name from information_schema.tables
       where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1`,
    );
    const out = new Map<string, number>();
    for (const t of tables) out.set(t.name, Number((await client.query<{ n: string }>(`select count(*) as n from ${t.name}`)).rows[0]!.n));
    return out;
  } finally {
    await client.end();
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function sizeOf(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((sum, e) => sum + sizeOf(path.join(p, e)), 0);
}

async function main(): Promise<number> {
  const source = path.resolve(process.env.BACKUP_CHECK_DB ?? '.data/city/demo-source.db');
  if (!fs.existsSync(source)) await runNpm('db:seed', ['--if-empty'], { DATABASE_PATH: source });
  console.log(`Source: ${path.relative(process.cwd(), source)}; a throwaway PostgreSQL cluster, migrated, the source copied in with db:copy …`);
  const { cluster, url } = await startPostgres({ quiet: true });
  try {
    const copied = await copyIntoPostgres(source, url, { quiet: true });
    console.log(`  ${copied.split('\n').find((l) => l.startsWith('Copied')) ?? ''}`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ size: string }>(`select pg_database_size(current_database()) as size`);
    await client.end();
    console.log(`  database yinghuo: ${mb(Number(rows[0]!.size))}`);

    // 1. A logical backup: one file, any PostgreSQL of the same or a newer version restores it.
    const dump = path.join(cluster.dir, 'yinghuo.dump');
    let t = performance.now();
    cluster.run('pg_dump', ['--format=custom', '--file', dump, '--dbname', url]);
    console.log(`\npg_dump -Fc: ${mb(fs.statSync(dump).size)} in ${seconds(t)}`);

    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query(`create database restored template template0 encoding 'UTF8'`);
    await admin.end();
    const restoredUrl = databaseUrl(cluster.adminUrl, 'restored');
    t = performance.now();
    cluster.run('pg_restore', ['--jobs=2', '--no-owner', '--exit-on-error', '--dbname', restoredUrl, dump]);
    console.log(`pg_restore -j 2 into a fresh database: ${seconds(t)}`);

    const [before, after] = [await counts(url), await counts(restoredUrl)];
    let differ = 0;
    console.log(`\n${'table'.padEnd(34)} ${'original'.padStart(9)} ${'restored'.padStart(9)}`);
    for (const [table, n] of before) {
      const m = after.get(table);
      if (m !== n) differ++;
      console.log(`${table.padEnd(34)} ${String(n).padStart(9)} ${String(m ?? 'missing').padStart(9)}${m === n ? '' : '  DIFFERS'}`);
    }
    for (const table of after.keys()) if (!before.has(table)) differ++;
    const total = [...before.values()].reduce((a, b) => a + b, 0);
    console.log(`${before.size} tables, ${total} rows: ${differ === 0 ? 'the same row counts' : `${differ} table(s) differ`}`);

    // The restored database against the SQLite original, row by row (db:copy's checksums).
    const verify = await runNpm('db:copy', ['--from', `sqlite:${source}`, '--to', restoredUrl, '--verify-only'], {}, { quiet: true }).catch((e: Error) => e.message);
    const verdict = verify.split('\n').find((l) => l.startsWith('All ') || l.includes('differ')) ?? verify.slice(-500);
    console.log(`db:copy --verify-only, restored database against the SQLite original: ${verdict}`);

    // 2. A physical base backup (with its WAL), the starting point of point-in-time recovery.
    const base = path.join(cluster.dir, 'base');
    t = performance.now();
    cluster.run('pg_basebackup', ['--dbname', cluster.adminUrl, '--pgdata', base, '--format=plain', '--wal-method=stream', '--checkpoint=fast']);
    console.log(`\npg_basebackup (plain, WAL streamed): ${mb(sizeOf(base))} in ${seconds(t)}`);
    const verified = cluster.run('pg_verifybackup', [base]).toString().trim();
    console.log(`pg_verifybackup: ${verified}`);

    const ok = differ === 0 && verdict.startsWith('All ') && /successfully verified/.test(verified);
    console.log(ok ? '\nPASS' : '\nFAIL');
    return ok ? 0 : 1;
  } finally {
    cluster.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
