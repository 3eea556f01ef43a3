// `DATABASE_PATH=<copy of a seeded demo db> npx tsx bench/stats-scale-db.ts --add=9 [--county]`: makes a bigger database for bench/stats.ts by copying the demo's requests.
//
// Plain: every copy lands in the demo's own grids at the same instants (the demo ×N in one community,
// as issue #11 probed). --county: every copy gets a new set of the township's two communities
// (14 grids, 108 buildings), five copies per township (the first five in 龙兴镇, then new ones),
// their own grid workers and party members, and lies 0, 1 or 2 years back, so 50 copies make about
// a million requests over three years in ~10 townships, 100 communities and 700 grids.
// Copied: the cases and their claim events (the only events the statistics read); the search index
// is not filled for copies. The statistics triggers stay on, so the aggregates follow every copy.
// Run it in steps (--add=10 at a time) to keep each run short; it continues from the last copy.
import { openDatabase } from '../db/client';
import { applyMigrations } from '../db/migrate';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const ADD = Number(arg('add') ?? 9);
const COUNTY = process.argv.includes('--county');
const YEAR_MS = 365 * 86_400_000;

const { db, sqlite } = openDatabase();
applyMigrations(db);
sqlite.pragma('synchronous = OFF');

const columns = (table: string) => (sqlite.prepare(`select name from pragma_table_info('${table}')`).all() as { name: string }[]).map((c) => c.name);
const scalar = <T>(q: string, ...p: unknown[]) => Object.values(sqlite.prepare(q).get(...p) as Record<string, T>)[0]!;

sqlite.exec(`create table if not exists bench_copies (k integer primary key, case_offset integer, node_offset integer, account_offset integer, shift_ms integer)`);
const ORIGINAL_CASES = scalar<number>(`select coalesce(max(id), 0) from cases where number like 'YH%'`);
const ORIGINAL_NODES = scalar<number>(`select max(id) from org_nodes where id < 90000`);
const ORIGINAL_ACCOUNTS = scalar<number>(`select max(id) from accounts where id < 100000`);
const township = sqlite.prepare(`select id, path, parent_id from org_nodes where kind = 'township' order by id limit 1`).get() as { id: number; path: string; parent_id: number };
const county = sqlite.prepare(`select path from org_nodes where id = ?`).get(township.parent_id) as { path: string };
const firstK = scalar<number>(`select coalesce(max(k), 0) + 1 from bench_copies`);

const started = performance.now();
const caseColumns = columns('cases');
const TIME_COLUMNS = new Set(['created_at', 'accepted_at', 'resolved_at', 'rated_at', 'closed_at', 'updated_at', 'accept_due_at', 'resolve_due_at', 'rate_due_at', 'personal_data_purged_at']);

// The search index trigger costs most of an insert and the copies need no search; it comes back at the end.
const ftsTrigger = scalar<string>(`select sql from sqlite_master where type = 'trigger' and name = 'cases_fts_after_insert'`);
sqlite.exec(`drop trigger if exists cases_fts_after_insert`);

try {
  for (let k = firstK; k < firstK + ADD; k++) {
    const t = performance.now();
    const caseOffset = k * 10_000_000;
    const nodeOffset = COUNTY ? k * 100_000 : 0;
    const accountOffset = COUNTY ? k * 100_000 : 0;
    const shift = COUNTY ? (k % 3) * YEAR_MS : 0;
    sqlite.transaction(() => {
      sqlite.exec(`drop table if exists temp.node_map; create temp table node_map (old_id integer primary key, new_id integer, old_path text unique, new_path text)`);
      if (COUNTY) {
        // Copy k's township: 龙兴镇 for the first five copies, then a new one every five.
        const townshipIndex = Math.floor(k / 5);
        let target = township;
        if (townshipIndex > 0) {
          const id = 90_000 + townshipIndex;
          const path = `${county.path}${id}/`;
          sqlite
            .prepare(`insert or ignore into org_nodes (id, parent_id, kind, name, rural, path, depth, sort_order) values (?, ?, 'township', ?, 0, ?, 1, ?)`)
            .run(id, township.parent_id, `测试乡镇${townshipIndex}`, path, townshipIndex);
          target = { id, path, parent_id: township.parent_id };
        }
        const nodes = sqlite.prepare(`select * from org_nodes where path like ? and id <> ? and id <= ? order by depth, id`).all(`${township.path}%`, township.id, ORIGINAL_NODES) as {
          id: number;
          parent_id: number;
          path: string;
          name: string;
          kind: string;
        }[];
        const mapped = new Map<number, string>([[township.id, target.path]]);
        const insert = sqlite.prepare(
          `insert into org_nodes (id, parent_id, kind, name, party_org_name, rural, path, depth, sort_order, service_phone) select ?, ?, kind, ?, party_org_name, rural, ?, depth, sort_order, null from org_nodes where id = ?`,
        );
        const map = sqlite.prepare(`insert into node_map values (?, ?, ?, ?)`);
        for (const n of nodes) {
          const newId = n.id + nodeOffset;
          const path = `${mapped.get(n.parent_id)}${newId}/`;
          mapped.set(n.id, path);
          insert.run(newId, n.parent_id === township.id ? target.id : n.parent_id + nodeOffset, n.kind === 'community' ? `${n.name}${k}` : n.name, path, n.id);
          map.run(n.id, newId, n.path, path);
        }
        const accountColumns = columns('accounts').filter((c) => c !== 'id');
        sqlite.exec(`
          insert into accounts (id, ${accountColumns.join(', ')})
          select id + ${accountOffset}, ${accountColumns.map((c) => (c === 'username' ? `username || '-${k}'` : c === 'phone' ? 'null' : c === 'party_member_id' ? 'null' : c)).join(', ')}
          from accounts where role in ('grid_worker', 'party_member') and id <= ${ORIGINAL_ACCOUNTS}`);
      } else {
        sqlite.exec(`insert into node_map select id, id, path, path from org_nodes`);
      }
      // Only the grid workers' and party members' accounts are copied; anyone else keeps their account.
      const copied = `(select id from accounts where role in ('grid_worker', 'party_member') and id <= ${ORIGINAL_ACCOUNTS})`;
      const account = (column: string) => `case when ${column} in ${copied} then ${column} + ${accountOffset} else ${column} end`;
      const handler = account('handler_account_id');
      const select = caseColumns.map((c) => {
        if (c === 'id') return `c.id + ${caseOffset}`;
        if (c === 'number') return `'B${k}-' || c.number`;
        if (c === 'public_token_hash') return `c.public_token_hash || '-${k}'`;
        if (c === 'client_key') return 'null';
        if (c === 'node_id') return 'm.new_id';
        if (c === 'node_path') return 'm.new_path';
        if (c === 'grid_id') return `c.grid_id + ${nodeOffset}`;
        if (c === 'handler_account_id') return handler;
        if (c === 'household_id' || c === 'intake_point_id' || c === 'duplicate_of_id') return 'null';
        if (TIME_COLUMNS.has(c)) return `c.${c} - ${shift}`;
        return `c.${c}`;
      });
      sqlite.exec(`insert into cases (${caseColumns.join(', ')}) select ${select.join(', ')} from cases c join node_map m on m.old_path = c.node_path where c.id <= ${ORIGINAL_CASES}`);
      sqlite.exec(`
        insert into case_events (case_id, at, action, actor_kind, actor_account_id, actor_label, from_status, to_status, note, target_account_id, target_unit_id, data)
        select case_id + ${caseOffset}, at - ${shift}, action, actor_kind, ${account('actor_account_id')}, actor_label, from_status, to_status, null, ${account('target_account_id')}, target_unit_id, data
        from case_events where action = 'claim' and case_id <= ${ORIGINAL_CASES}`);
      sqlite.prepare(`insert into bench_copies values (?, ?, ?, ?, ?)`).run(k, caseOffset, nodeOffset, accountOffset, shift);
    })();
    console.log(`copy ${k}: ${((performance.now() - t) / 1000).toFixed(1)} s, ${scalar<number>('select count(*) from cases')} cases in all`);
  }
} finally {
  sqlite.exec(ftsTrigger);
}
const total = scalar<number>('select count(*) from cases');
const aggregated = scalar<number>('select sum(received) from stats_grid_months');
console.log(`${total} cases (aggregates: ${aggregated}), ${scalar<number>("select count(*) from org_nodes where kind = 'grid'")} grids, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (total !== aggregated) process.exitCode = 1;
sqlite.pragma('wal_checkpoint(TRUNCATE)');
sqlite.close();
