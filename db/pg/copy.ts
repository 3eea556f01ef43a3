// Copies a SQLite database (a running county's) into an empty, migrated PostgreSQL database, then verifies every
// table: row count and a checksum over a canonical text rendering of each row in primary-key order, computed the
// same way from both sides (scripts/db-copy.ts is the command: npm run db:copy).
//
// - Memory stays bounded: rows are read from SQLite with an iterator and written in batches; checksums are
//   computed while streaming (SQLite iterator, PostgreSQL cursor).
// - All or nothing: the whole copy is one PostgreSQL transaction. A target that is not empty, or whose tables and
//   columns are not the source's, is refused before anything is written.
// - The source is read in one read transaction, so copy and verification see one snapshot even while the county
//   keeps running; writes made after the start are not copied (stop the servers for the final move).
// - Triggers are disabled while loading (the statistics aggregates are copied as they are, not recounted), foreign
//   keys and secondary indexes are dropped and re-created at the end, which also validates every reference and
//   unique index; identity sequences continue after the highest id (or SQLite's AUTOINCREMENT counter).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { z } from 'zod';

export type ColumnKind = 'int' | 'bool' | 'time' | 'text' | 'json';
export type TableShape = { name: string; columns: { name: string; kind: ColumnKind }[]; primaryKey: string[]; identity: string | null };
export type TableCheck = { table: string; sourceRows: number; targetRows: number; sourceChecksum: string; targetChecksum: string; ok: boolean };
export type CopyProgress = (message: string) => void;

export class CopyRefused extends Error {}

/** Tables that exist on one engine only, by design: SQLite's FTS5 index (pg_trgm is an index in PostgreSQL). */
const SQLITE_ONLY = /^(sqlite_|__drizzle|cases_fts)/;

const KIND_OF_PG_TYPE: Record<string, ColumnKind> = {
  integer: 'int',
  bigint: 'int',
  smallint: 'int',
  boolean: 'bool',
  'timestamp with time zone': 'time',
  text: 'text',
  jsonb: 'json',
};

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The target's tables, their columns (kind from the PostgreSQL type), primary keys and identity columns. */
async function targetShapes(client: pg.ClientBase): Promise<TableShape[]> {
  const { rows: cols } = await client.query<{ table_name: string; column_name: string; data_type: string; is_identity: string }>(
    `select c.table_name, c.column_name, c.data_type, c.is_identity from information_schema.columns c
     join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
     where c.table_schema = 'public' order by c.table_name, c.ordinal_position`,
  );
  const { rows: pks } = await client.query<{ table_name: string; column_name: string }>(
    `select i.indrelid::regclass::text as table_name, a.attname as column_name
     from pg_index i join pg_class r on r.oid = i.indrelid join pg_namespace n on n.oid = r.relnamespace and n.nspname = 'public'
     cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
     join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
     where i.indisprimary order by 1, k.ord`,
  );
  const shapes = new Map<string, TableShape>();
  for (const c of cols) {
    const kind = KIND_OF_PG_TYPE[c.data_type];
    if (!kind) throw new CopyRefused(`${c.table_name}.${c.column_name}: type ${c.data_type} has no SQLite rendering in db/pg/copy.ts`);
    const shape = shapes.get(c.table_name) ?? { name: c.table_name, columns: [], primaryKey: [], identity: null };
    shape.columns.push({ name: c.column_name, kind });
    if (c.is_identity === 'YES') shape.identity = c.column_name;
    shapes.set(c.table_name, shape);
  }
  for (const pk of pks) shapes.get(pk.table_name.replace(/^"|"$/g, ''))?.primaryKey.push(pk.column_name);
  for (const s of shapes.values()) if (s.primaryKey.length === 0) throw new CopyRefused(`${s.name} has no primary key: rows could not be compared in order`);
  return [...shapes.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Refuses unless the source has exactly the target's tables and columns. */
function checkSourceShape(sqlite: Database.Database, shapes: readonly TableShape[]): void {
  const tables = (sqlite.prepare(`select name from sqlite_master where type = 'table'`).pluck().all() as string[]).filter((n) => !SQLITE_ONLY.test(n));
  const target = new Set(shapes.map((s) => s.name));
  const problems: string[] = [];
  for (const t of tables) if (!target.has(t)) problems.push(`table ${t} is not in the target`);
  for (const s of shapes) {
    if (!tables.includes(s.name)) {
      problems.push(`table ${s.name} is not in the source`);
      continue;
    }
    const cols = (sqlite.prepare(`select name from pragma_table_info(?)`).pluck().all(s.name) as string[]).sort();
    const expected = s.columns.map((c) => c.name).sort();
    if (JSON.stringify(cols) !== JSON.stringify(expected)) problems.push(`${s.name}: source columns ${cols.join(', ')} vs target ${expected.join(', ')}`);
  }
  if (problems.length > 0) throw new CopyRefused(`the source and the target have different schemas (migrate both to the same version):\n  ${problems.join('\n  ')}`);
}

/** The tables of the target that hold rows. */
export async function nonEmptyTables(client: pg.ClientBase, shapes: readonly TableShape[]): Promise<string[]> {
  const out: string[] = [];
  for (const s of shapes) if ((await client.query(`select 1 from ${q(s.name)} limit 1`)).rowCount) out.push(s.name);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Canonical rendering, the same for both sides: SQLite stores timestamps as integer milliseconds, booleans as 0/1
// and JSON as text; PostgreSQL as timestamptz, boolean and jsonb.

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function renderSqlite(kind: ColumnKind, v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  switch (kind) {
    case 'int':
    case 'time':
      return String(v);
    case 'bool':
      return v ? 't' : 'f';
    case 'text':
      return JSON.stringify(v);
    case 'json':
      return canonicalJson(JSON.parse(String(v)));
  }
}

function renderPg(kind: ColumnKind, v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  switch (kind) {
    case 'int':
      return String(v);
    case 'time':
      return String((v as Date).getTime());
    case 'bool':
      return v ? 't' : 'f';
    case 'text':
      return JSON.stringify(v);
    case 'json':
      return canonicalJson(v);
  }
}

/** A SQLite value as the PostgreSQL column takes it from JSON (json_populate_recordset). */
function toTarget(kind: ColumnKind, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'time':
      return new Date(Number(v)).toISOString();
    case 'bool':
      return v !== 0;
    case 'json':
      return JSON.parse(String(v)) as unknown;
    default:
      return v;
  }
}

const orderBy = (s: TableShape, pg: boolean) =>
  s.primaryKey.map((c) => (pg && s.columns.find((x) => x.name === c)?.kind === 'text' ? `${q(c)} collate "C"` : q(c))).join(', ');

const selectList = (s: TableShape) => s.columns.map((c) => q(c.name)).join(', ');

function sqliteChecksum(sqlite: Database.Database, s: TableShape): { rows: number; checksum: string } {
  const hash = crypto.createHash('sha256');
  let rows = 0;
  const stmt = sqlite.prepare(`select ${selectList(s)} from ${q(s.name)} order by ${orderBy(s, false)}`).raw(true);
  for (const row of stmt.iterate() as Iterable<unknown[]>) {
    hash.update(row.map((v, i) => renderSqlite(s.columns[i]!.kind, v)).join('\t') + '\n');
    rows++;
  }
  return { rows, checksum: hash.digest('hex') };
}

async function pgChecksum(client: pg.ClientBase, s: TableShape, batch: number): Promise<{ rows: number; checksum: string }> {
  const hash = crypto.createHash('sha256');
  let rows = 0;
  await client.query(`declare yinghuo_verify no scroll cursor for select ${selectList(s)} from ${q(s.name)} order by ${orderBy(s, true)}`);
  for (;;) {
    const r = await client.query({ text: `fetch ${batch} from yinghuo_verify`, rowMode: 'array' });
    for (const row of r.rows as unknown[][]) {
      hash.update(row.map((v, i) => renderPg(s.columns[i]!.kind, v)).join('\t') + '\n');
      rows++;
    }
    if (r.rows.length < batch) break;
  }
  await client.query('close yinghuo_verify');
  return { rows, checksum: hash.digest('hex') };
}

// ---------------------------------------------------------------------------------------------

export type CopyOptions = { from: string; to: string; batchRows?: number; progress?: CopyProgress };

function openSource(file: string): Database.Database {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

/** Row counts and checksums of every table on both sides; the source inside its own read transaction. */
async function compare(sqlite: Database.Database, client: pg.ClientBase, shapes: readonly TableShape[], batch: number, progress: CopyProgress): Promise<TableCheck[]> {
  const out: TableCheck[] = [];
  await client.query('begin isolation level repeatable read read only');
  try {
    for (const s of shapes) {
      const started = Date.now();
      const a = sqliteChecksum(sqlite, s);
      const b = await pgChecksum(client, s, batch);
      out.push({ table: s.name, sourceRows: a.rows, targetRows: b.rows, sourceChecksum: a.checksum, targetChecksum: b.checksum, ok: a.rows === b.rows && a.checksum === b.checksum });
      progress(`verified ${s.name}: ${a.rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await client.query('rollback');
  }
  return out;
}

/** Verifies an existing copy (nothing is written). */
export async function verifyCopy({ from, to, batchRows = 5000, progress = () => {} }: CopyOptions): Promise<TableCheck[]> {
  const sqlite = openSource(from);
  const client = new pg.Client({ connectionString: to });
  await client.connect();
  try {
    const shapes = await targetShapes(client);
    checkSourceShape(sqlite, shapes);
    sqlite.exec('begin');
    try {
      return await compare(sqlite, client, shapes, batchRows, progress);
    } finally {
      sqlite.exec('rollback');
    }
  } finally {
    await client.end();
    sqlite.close();
  }
}

export type CopyResult = { checks: TableCheck[]; rows: number; copySeconds: number; verifySeconds: number };

/** Copies `from` (a SQLite file) into `to` (an empty, migrated PostgreSQL database), then verifies it. */
export async function copySqliteToPostgres({ from, to, batchRows = 2000, progress = () => {} }: CopyOptions): Promise<CopyResult> {
  const sqlite = openSource(from);
  const client = new pg.Client({ connectionString: to });
  await client.connect();
  try {
    const shapes = await targetShapes(client);
    if (shapes.length === 0) throw new CopyRefused('the target has no tables: migrate it first (db/pg/migrate.ts)');
    checkSourceShape(sqlite, shapes);
    // One snapshot of the source for the copy and its verification.
    sqlite.exec('begin');
    try {
      const started = Date.now();
      let rows = 0;
      await client.query('begin');
      try {
        // Locks every table against other writers, then refuses a target that holds anything.
        await client.query(`lock table ${shapes.map((s) => q(s.name)).join(', ')} in access exclusive mode`);
        const full = await nonEmptyTables(client, shapes);
        if (full.length > 0) throw new CopyRefused(`the target is not empty (rows in ${full.join(', ')}); nothing was written`);
        await client.query(`set local maintenance_work_mem = '256MB'`);
        const { rows: fks } = await client.query<{ tbl: string; name: string; def: string }>(
          `select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def from pg_constraint
           where contype = 'f' and connamespace = 'public'::regnamespace`,
        );
        const { rows: indexes } = await client.query<{ name: string; def: string }>(
          `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def from pg_index i
           join pg_class r on r.oid = i.indrelid join pg_namespace n on n.oid = r.relnamespace and n.nspname = 'public'
           where not i.indisprimary and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
        );
        for (const fk of fks) await client.query(`alter table ${fk.tbl} drop constraint ${q(fk.name)}`);
        for (const index of indexes) await client.query(`drop index ${index.name}`);
        for (const s of shapes) await client.query(`alter table ${q(s.name)} disable trigger user`);

        for (const s of shapes) {
          const t0 = Date.now();
          const n = await copyTable(sqlite, client, s, batchRows);
          rows += n;
          progress(`copied ${s.name}: ${n} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        }
        const t1 = Date.now();
        for (const index of indexes) await client.query(index.def);
        progress(`re-created ${indexes.length} indexes in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
        const t2 = Date.now();
        for (const fk of fks) await client.query(`alter table ${fk.tbl} add constraint ${q(fk.name)} ${fk.def}`);
        progress(`re-created and validated ${fks.length} foreign keys in ${((Date.now() - t2) / 1000).toFixed(1)} s`);
        for (const s of shapes) await client.query(`alter table ${q(s.name)} enable trigger user`);
        await resetSequences(sqlite, client, shapes);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
      const copySeconds = (Date.now() - started) / 1000;
      await client.query('analyze');
      const v0 = Date.now();
      const checks = await compare(sqlite, client, shapes, Math.max(batchRows, 5000), progress);
      return { checks, rows, copySeconds, verifySeconds: (Date.now() - v0) / 1000 };
    } finally {
      sqlite.exec('rollback');
    }
  } finally {
    await client.end();
    sqlite.close();
  }
}

/**
 * Copies and verifies, and throws unless every table arrived whole (the demo's seed on PostgreSQL and the tests'
 * demo databases: a copy that differs is a failure there, not a report).
 */
export async function copyVerified(options: CopyOptions): Promise<CopyResult> {
  const result = await copySqliteToPostgres(options);
  const wrong = result.checks.filter((c) => !c.ok).map((c) => c.table);
  if (wrong.length > 0) throw new Error(`the copy to PostgreSQL differs from its source in ${wrong.join(', ')}`);
  return result;
}

async function copyTable(sqlite: Database.Database, client: pg.ClientBase, s: TableShape, batchRows: number): Promise<number> {
  const cols = selectList(s);
  const insert = `insert into ${q(s.name)} (${cols}) select ${cols} from json_populate_recordset(null::${q(s.name)}, $1::json)`;
  const stmt = sqlite.prepare(`select ${cols} from ${q(s.name)} order by ${orderBy(s, false)}`).raw(true);
  let batch: Record<string, unknown>[] = [];
  let n = 0;
  for (const row of stmt.iterate() as Iterable<unknown[]>) {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < row.length; i++) o[s.columns[i]!.name] = toTarget(s.columns[i]!.kind, row[i]);
    batch.push(o);
    if (batch.length === batchRows) {
      await client.query(insert, [JSON.stringify(batch)]);
      n += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) await client.query(insert, [JSON.stringify(batch)]);
  return n + batch.length;
}

/** Identity sequences continue after the highest id, or after SQLite's AUTOINCREMENT counter when that is higher. */
async function resetSequences(sqlite: Database.Database, client: pg.ClientBase, shapes: readonly TableShape[]): Promise<void> {
  const hasSequenceTable = sqlite.prepare(`select 1 from sqlite_master where name = 'sqlite_sequence'`).get() !== undefined;
  const counters = new Map<string, number>(
    hasSequenceTable ? (sqlite.prepare('select name, seq from sqlite_sequence').raw(true).all() as [string, number][]) : [],
  );
  for (const s of shapes) {
    if (!s.identity) continue;
    const { rows } = await client.query<{ max: number | null }>(`select max(${q(s.identity)}) as max from ${q(s.name)}`);
    const last = Math.max(rows[0]!.max ?? 0, counters.get(s.name) ?? 0);
    await client.query(`select setval(pg_get_serial_sequence($1, $2), $3, $4)`, [q(s.name), s.identity, Math.max(last, 1), last > 0]);
  }
}

// ---------------------------------------------------------------------------------------------
// The command line (scripts/db-copy.ts).

export const COPY_USAGE =
  'usage: npm run db:copy -- --from sqlite:<file> --to postgres://user@host:port/database [--verify-only] [--batch=<rows>]';

const copyArgs = z
  .object({
    from: z
      .string({ error: '--from is required: sqlite:<path to the county database file>' })
      .regex(/^sqlite:.+/, '--from must be sqlite:<path to the database file>')
      .transform((s) => path.resolve(s.slice('sqlite:'.length)))
      .refine((file) => fs.existsSync(file) && fs.statSync(file).isFile(), { message: '--from: no such database file' }),
    to: z
      .string({ error: '--to is required: postgres://user@host:port/database' })
      .regex(/^postgres(ql)?:\/\/.+/, '--to must be a postgres:// or postgresql:// URL')
      .refine((url) => URL.canParse(url) && new URL(url).pathname.length > 1, { message: '--to must name a database: postgres://…/<database>' }),
    verifyOnly: z.boolean().default(false),
    batch: z.coerce.number().int().min(1).max(50_000).default(2000),
  })
  .strict();

export type CopyArgs = z.infer<typeof copyArgs>;

/** Parses and validates the command line; throws CopyRefused with every problem on bad input. */
export function parseCopyArgs(argv: readonly string[]): CopyArgs {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      options: { from: { type: 'string' }, to: { type: 'string' }, 'verify-only': { type: 'boolean' }, batch: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new CopyRefused(`${(error as Error).message}\n${COPY_USAGE}`);
  }
  const { 'verify-only': verifyOnly, ...rest } = values;
  const parsed = copyArgs.safeParse({ ...rest, verifyOnly });
  if (!parsed.success) throw new CopyRefused(`${parsed.error.issues.map((i) => i.message).join('\n')}\n${COPY_USAGE}`);
  return parsed.data;
}

/** The verification as a text table, one line per table, mismatches marked. */
export function formatChecks(checks: readonly TableCheck[]): string {
  const header = ['table', 'SQLite rows', 'PostgreSQL rows', 'SQLite sha256', 'PostgreSQL sha256', ''];
  const lines = checks.map((c) => [c.table, String(c.sourceRows), String(c.targetRows), c.sourceChecksum.slice(0, 16), c.targetChecksum.slice(0, 16), c.ok ? 'ok' : 'MISMATCH']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (l: readonly string[]) => l.map((x, i) => (i === 1 || i === 2 ? x.padStart(widths[i]!) : x.padEnd(widths[i]!))).join('  ').trimEnd();
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}
