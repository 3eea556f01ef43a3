// `npx tsx bench/read-after-commit.ts`: what a point read costs right after another connection's commit, and why the
// store reads on its write connection between writes (db/store.ts, routedReads). SQLite drops a connection's whole
// page cache when a read finds the WAL changed since that connection's last read, so on the read-only connection the
// first read after each commit frees the cache and reads its pages back; the connection that made the commit keeps
// its cache. Measured on a copy of the demo database (DATABASE_PATH, default .data/bench-commands.db): the API's
// token lookup and a case by id, each after a commit of three created cases, on each connection, with the read-only
// connection's cache cold or warm (filled by reading every case and event once, as the pages of a busy server are).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { printTable, type Row } from './table';

const SOURCE = path.resolve(process.env.DATABASE_PATH ?? '.data/bench-commands.db');
const COPY = path.resolve('.data/bench-read-after-commit.db');
const N = Number(process.env.BENCH_N ?? 3000);

function main() {
  if (!fs.existsSync(SOURCE)) throw new Error(`bench: no database at ${SOURCE} (run npm run bench:commands once, or set DATABASE_PATH)`);
  const rows: Row[] = [];
  for (const warm of [false, true]) {
    for (const on of ['read-only connection', 'write connection'] as const) {
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(COPY + suffix, { force: true });
      fs.copyFileSync(SOURCE, COPY);
      const writer = new Database(COPY);
      writer.pragma('journal_mode = WAL');
      writer.pragma('synchronous = NORMAL');
      writer.pragma('cache_size = -65536');
      const reader = new Database(COPY, { readonly: true });
      reader.pragma('cache_size = -65536');
      const target = on === 'write connection' ? writer : reader;
      if (warm) target.prepare('select count(*) from (select * from cases), (select count(*) from case_events where data is not null or 1)').get();
      const hash = (writer.prepare('select token_hash from api_tokens limit 1').get() as { token_hash: string } | undefined)?.token_hash ?? '';
      const token = target.prepare('select "id", "name", "node_path", "revoked_at", "last_used_at" from "api_tokens" where "api_tokens"."token_hash" = ? limit ?').raw();
      const byId = target.prepare('select id, number, status from cases where id = ?');
      const template = writer.prepare("select * from cases order by id desc limit 1").get() as Record<string, unknown>;
      const columns = Object.keys(template).filter((c) => c !== 'id');
      const insert = writer.prepare(`insert into cases (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`);
      const highest = (writer.prepare('select max(id) as n from cases').get() as { n: number }).n;
      let k = 0;
      const commit = () => {
        writer.exec('BEGIN IMMEDIATE');
        for (let j = 0; j < 3; j++) {
          k++;
          insert.run({ ...template, number: `RAC${k}`, public_token_hash: `rac-${k}`, client_key: null, created_at: Date.now(), updated_at: Date.now() });
        }
        writer.exec('COMMIT');
      };
      for (const afterCommit of [false, true]) {
        let tokenMs = 0;
        let caseMs = 0;
        for (let i = 0; i < N; i++) {
          if (afterCommit) commit();
          const t0 = performance.now();
          token.get(hash, 1);
          const t1 = performance.now();
          byId.get(1 + ((i * 7919) % highest));
          tokenMs += t1 - t0;
          caseMs += performance.now() - t1;
        }
        rows.push({ ok: true, cells: [`${afterCommit ? 'after each commit' : 'no commits'}, ${on}, cache ${warm ? 'warm' : 'cold'}`, `${((1000 * tokenMs) / N).toFixed(1)} µs`, `${((1000 * caseMs) / N).toFixed(1)} µs`] });
      }
      reader.close();
      writer.close();
    }
  }
  printTable(['a read …', 'token lookup', 'then a case by id'], rows);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(COPY + suffix, { force: true });
}

main();
