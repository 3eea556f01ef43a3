// The PostgreSQL migrations on a throwaway cluster: the catalogue they build is the drizzle schema (plus the
// hand-written search index and statistics tables), the guard triggers refuse what SQLite's refuse, and the
// statistics aggregates kept by the plpgsql triggers equal SQLite's after the same writes, and a direct count.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { Pool, PoolClient } from 'pg';
import { Random } from '../demo/random';
import * as s from '../schema';
import { openTestDatabase } from '../testing';
import * as p from './schema';
import pg from 'pg';
import { isByteOrderCollation, migratePgDatabase, pgDrizzle } from './migrate';
import { describePgTable, tablesOf } from './schema-parity';
import { pgTestServerUrl, registerPgTestDatabase } from './testing';

const pgDatabase = registerPgTestDatabase();

const STATS_TABLES = {
  stats_grid_months: ['grid_id', 'month', 'worker_id'],
  stats_node_months: ['node_id', 'month', 'category_id', 'source'],
  stats_node_hours: ['node_id', 'month', 'kind', 'bucket'],
  stats_grid_claims: ['grid_id', 'month', 'account_id'],
  stats_grid_periods: ['grid_id', 'period', 'worker_id'],
  stats_grid_claim_periods: ['grid_id', 'period', 'account_id'],
  stats_node_hour_periods: ['node_id', 'period', 'kind', 'bucket'],
  stats_case_supports: ['case_id'],
} as const;

const PG_TYPE = { integer: 'integer', timestamp: 'timestamp with time zone', boolean: 'boolean', text: 'text', json: 'jsonb' } as const;

describe('the catalogue after the migrations', () => {
  test('tables, columns, types, nullability and identity columns are the drizzle schema', async (t) => {
    const pg = pgDatabase(t);
    if (!pg) return;
    const tables = tablesOf<PgTable>(p, 'pg');
    const { rows } = await pg.pool.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; identity_generation: string | null }>(
      `select table_name, column_name, data_type, is_nullable, identity_generation from information_schema.columns
       where table_schema = 'public' order by table_name, ordinal_position`,
    );
    const inDb = new Map<string, typeof rows>();
    for (const r of rows) inDb.set(r.table_name, [...(inDb.get(r.table_name) ?? []), r]);
    // The aggregates and the boundary of their year and quarter rollups (migration 0019) are the migrations' own tables.
    assert.deepEqual([...inDb.keys()].sort(), [...tables.keys(), ...Object.keys(STATS_TABLES), 'stats_period_boundary'].sort());
    for (const [name, table] of tables) {
      const expected = describePgTable(table).columns.map((c) => ({
        column_name: c.name,
        data_type: PG_TYPE[c.type],
        is_nullable: c.notNull ? 'NO' : 'YES',
        identity_generation: c.identity ? 'BY DEFAULT' : null,
      }));
      assert.deepEqual(
        inDb.get(name)!.map(({ table_name: _, ...c }) => c),
        expected,
        name,
      );
    }
  });

  test('indexes, foreign keys and checks are the drizzle schema plus the hand-written search and open-cases indexes', async (t) => {
    const pg = pgDatabase(t);
    if (!pg) return;
    for (const table of tablesOf<PgTable>(p, 'pg').values()) {
      const config: { name: string; indexes: { config: { name?: string } }[]; foreignKeys: { getName(): string }[]; checks: { name: string }[] } = getTableConfig(table);
      const indexes = await indexesOf(pg.pool, config.name);
      const constraints = await constraintsOf(pg.pool, config.name);
      const pkIndex = constraints.filter((c) => c.contype === 'p').map((c) => c.conname);
      const expectedIndexes = [...config.indexes.map((i) => i.config.name!), ...pkIndex];
      if (config.name === 'cases') expectedIndexes.push('cases_search_trgm_idx', 'cases_search_bigram_idx', 'cases_open_path_idx');
      assert.deepEqual(indexes.map((i) => i.indexname).sort(), expectedIndexes.sort(), `${config.name}: indexes`);
      assert.deepEqual(
        constraints.filter((c) => c.contype === 'f').map((c) => c.conname).sort(),
        // PostgreSQL cuts identifiers at 63 bytes (NAMEDATALEN - 1), as it does drizzle-kit's longest foreign-key names.
        config.foreignKeys.map((f) => f.getName().slice(0, 63)).sort(),
        `${config.name}: foreign keys`,
      );
      assert.deepEqual(
        constraints.filter((c) => c.contype === 'c').map((c) => c.conname).sort(),
        config.checks.map((c) => c.name).sort(),
        `${config.name}: checks`,
      );
    }
  });

  test('the search index finds a Chinese substring in any of the four columns, through the index', async (t) => {
    const pg = pgDatabase(t);
    if (!pg) return;
    const client = await pg.pool.connect();
    try {
      await client.query('begin');
      await seedTree(client);
      const base = { publicTokenHash: '', source: 'online', nodeId: 4, nodePath: '/1/2/3/4/', gridId: 4, status: 'submitted', acceptDueAt: new Date(), createdAt: new Date(), updatedAt: new Date() } as const;
      const db = pgDb(client);
      await db.insert(p.cases).values([
        { ...base, id: 901, number: 'YH20260101-0001', publicTokenHash: 'a', description: '楼道飞线充电，存在安全隐患' },
        { ...base, id: 902, number: 'YH20260101-0002', publicTokenHash: 'b', description: '路灯不亮', place: '龙盛华庭3号楼' },
        { ...base, id: 903, number: 'YH20260101-0003', publicTokenHash: 'c', description: '下水道堵塞', residentName: '王飞线' },
      ]);
      const { rows: trigrams } = await client.query<{ n: number }>(`select array_length(show_trgm('飞线充电'), 1) as n`);
      assert.ok(trigrams[0]!.n > 0, 'the database takes trigrams of Chinese text (UTF-8 LC_CTYPE)');
      const search = (term: string) =>
        client.query<{ id: number }>(
          `select id from cases where number like $1 or description like $1 or place like $1 or resident_name like $1 order by id`,
          [`%${term}%`],
        );
      await client.query('set local enable_seqscan = off');
      const plan = (await client.query<{ 'QUERY PLAN': string }>(`explain select id from cases where number like '%飞线充%' or description like '%飞线充%'`)).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      assert.match(plan, /cases_search_trgm_idx/);
      assert.deepEqual((await search('飞线充电')).rows.map((r) => r.id), [901]);
      assert.deepEqual((await search('华庭3号')).rows.map((r) => r.id), [902]);
      assert.deepEqual((await search('王飞线')).rows.map((r) => r.id), [903]);
      assert.deepEqual((await search('0101-0002')).rows.map((r) => r.id), [902]);

      // A 2-character term, which has no trigram: each case's 2-character windows of the four columns, lower case.
      const windows = `yh_case_bigrams(number, description, place, resident_name)`;
      const twoCharacterPlan = (await client.query<{ 'QUERY PLAN': string }>(`explain select id from cases where ${windows} @> array['飞线']`)).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      assert.match(twoCharacterPlan, /cases_search_bigram_idx/);
      const pairs = async (term: string) =>
        (await client.query<{ id: number }>(`select id from cases where ${windows} @> array[lower($1::text)] order by id`, [term])).rows.map((r) => r.id);
      assert.deepEqual(await pairs('飞线'), [901, 903], 'in the description and in the resident name');
      assert.deepEqual(await pairs('3号'), [902], 'in the place');
      assert.deepEqual(await pairs('yh'), [901, 902, 903], 'the number, in lower case');
      assert.deepEqual(await pairs('亮龙'), [], 'never across two columns');
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});

type Client = PoolClient;

async function indexesOf(pool: Pool, table: string): Promise<{ indexname: string }[]> {
  return (await pool.query<{ indexname: string }>(`select indexname from pg_indexes where schemaname = 'public' and tablename = $1`, [table])).rows;
}

async function constraintsOf(pool: Pool, table: string): Promise<{ conname: string; contype: string }[]> {
  return (await pool.query<{ conname: string; contype: string }>(`select conname, contype from pg_constraint where conrelid = $1::regclass`, [table])).rows;
}
const pgDb = (client: Client) => pgDrizzle(client);

const NOW = new Date('2026-03-01T00:00:00Z');
const TREE = [
  { id: 1, parentId: null, kind: 'county', name: '县', path: '/1/', depth: 0 },
  { id: 2, parentId: 1, kind: 'township', name: '镇', path: '/1/2/', depth: 1 },
  { id: 3, parentId: 2, kind: 'community', name: '社区甲', path: '/1/2/3/', depth: 2 },
  { id: 4, parentId: 3, kind: 'grid', name: '网格一', path: '/1/2/3/4/', depth: 3 },
  { id: 5, parentId: 3, kind: 'grid', name: '网格二', path: '/1/2/3/5/', depth: 3 },
  { id: 6, parentId: 4, kind: 'building', name: '1号楼', path: '/1/2/3/4/6/', depth: 4 },
  { id: 7, parentId: 2, kind: 'community', name: '社区乙', path: '/1/2/7/', depth: 2 },
  { id: 8, parentId: 7, kind: 'grid', name: '网格三', path: '/1/2/7/8/', depth: 3 },
] as const;
const ACCOUNTS = [
  { id: 1, username: 'admin', displayName: '管理员', passwordHash: 'x', role: 'admin', createdAt: NOW },
  { id: 2, username: 'wg', displayName: '网格员', passwordHash: 'x', role: 'grid_worker', createdAt: NOW },
  { id: 3, username: 'dy1', displayName: '党员一', passwordHash: 'x', role: 'party_member', createdAt: NOW },
  { id: 4, username: 'dy2', displayName: '党员二', passwordHash: 'x', role: 'party_member', createdAt: NOW },
] as const;
const CATEGORIES = [
  { id: 1, code: 'a', name: '停车', group: '民生服务类' },
  { id: 2, code: 'b', name: '路灯', group: '社会管理类' },
] as const;

async function seedTree(client: Client) {
  const db = pgDb(client);
  await db.insert(p.orgNodes).values([...TREE]);
  await db.insert(p.accounts).values([...ACCOUNTS]);
  await db.insert(p.categories).values([...CATEGORIES]);
}

// ---------------------------------------------------------------------------------------------
// The same random writes on both engines.

type CaseRow = typeof s.cases.$inferInsert;
type Op =
  | { kind: 'insert'; row: CaseRow }
  | { kind: 'update'; id: number; set: Partial<CaseRow> }
  | { kind: 'claim'; id: number; eventId: number; accountId: number; at: Date }
  | { kind: 'delete'; id: number }
  // 附议: a support given (rated or not), its rating set or changed, or withdrawn (migration 0032: the aggregates count supporters' ratings).
  | { kind: 'support'; id: number; supportId: number; rating: s.Rating | null; at: Date }
  | { kind: 'rate_support'; supportId: number; rating: s.Rating | null }
  | { kind: 'drop_support'; supportId: number };

const HOUR = 3_600_000;
const PLACES = [TREE[3], TREE[4], TREE[5], TREE[7]];

function randomState(r: Random, createdAt: Date): Partial<CaseRow> {
  const status = r.pick(s.CASE_STATUSES);
  const later = (maxHours: number) => new Date(createdAt.getTime() + r.int(0, maxHours * 10) * 360_000 + r.int(0, 359_999));
  const accepted = !['submitted', 'rejected', 'duplicate'].includes(status) || r.chance(0.2) ? later(80) : null;
  const resolved = ['resolved', 'closed'].includes(status) || r.chance(0.1) ? later(400) : null;
  const handlerKind = r.pick([null, ...s.HANDLER_KINDS]);
  return {
    status,
    acceptedAt: accepted,
    resolvedAt: resolved,
    closedAt: ['closed', 'rejected', 'duplicate'].includes(status) ? later(500) : null,
    rating: status === 'closed' ? r.pick([null, ...s.RATINGS]) : null,
    handlerKind,
    handlerAccountId: handlerKind === 'grid_worker' || handlerKind === 'party_member' || r.chance(0.1) ? r.int(2, 4) : null,
    categoryId: r.pick([null, 1, 2]),
    source: r.pick(s.CASE_SOURCES),
  };
}

function randomOps(seed: number): Op[] {
  const r = new Random(seed);
  const ops: Op[] = [];
  const live: number[] = [];
  const claimed = new Set<number>();
  let eventId = 0;
  /** Live supports: id → the case supported. */
  const supports = new Map<number, number>();
  let supportId = 0;
  for (let id = 1; id <= 400; id++) {
    const place = r.pick(PLACES);
    // Around the Beijing-time month boundaries (UTC 16:00 on the last day of a month) and anywhere in three months.
    const createdAt = r.chance(0.3) ? new Date(Date.UTC(2026, r.int(0, 2), 1) - 8 * HOUR + r.int(-3, 3) * 600_000) : new Date(Date.UTC(2026, 0, 1) + r.int(0, 89 * 24) * HOUR + r.int(0, HOUR));
    const row: CaseRow = {
      id,
      number: `YH-${id}`,
      publicTokenHash: `h${id}`,
      description: `事项${id}`,
      nodeId: place.id,
      nodePath: place.path,
      gridId: place.kind === 'building' ? 4 : place.id,
      acceptDueAt: new Date(createdAt.getTime() + 24 * HOUR),
      createdAt,
      updatedAt: createdAt,
      source: 'online',
      status: 'submitted',
      ...randomState(r, createdAt),
    };
    ops.push({ kind: 'insert', row });
    live.push(id);
    if (r.chance(0.5)) {
      const target = r.pick(live);
      const op = r.int(0, 5);
      const createdAtOf = (ops.find((o) => o.kind === 'insert' && o.row.id === target) as { row: CaseRow }).row.createdAt;
      if (op <= 2) ops.push({ kind: 'update', id: target, set: randomState(r, createdAtOf) });
      else if (op === 3) {
        const to = r.pick(PLACES);
        ops.push({ kind: 'update', id: target, set: { nodeId: to.id, nodePath: to.path, gridId: to.kind === 'building' ? 4 : to.id } });
      } else if (op === 4) {
        ops.push({ kind: 'claim', id: target, eventId: ++eventId, accountId: r.int(3, 4), at: new Date(createdAtOf.getTime() + r.int(1, 2000) * 60_000) });
        claimed.add(target);
      } else if (!claimed.has(target)) {
        // A case's supports go first (case_supports refers to it).
        for (const [sid, caseId] of supports) if (caseId === target) ops.push({ kind: 'drop_support', supportId: sid });
        for (const [sid, caseId] of [...supports]) if (caseId === target) supports.delete(sid);
        ops.push({ kind: 'delete', id: target });
        live.splice(live.indexOf(target), 1);
      }
    }
    if (r.chance(0.4)) {
      const target = r.pick(live);
      const createdAtOf = (ops.find((o) => o.kind === 'insert' && o.row.id === target) as { row: CaseRow }).row.createdAt;
      ops.push({ kind: 'support', id: target, supportId: ++supportId, rating: r.pick([null, ...s.RATINGS]), at: new Date(createdAtOf.getTime() + HOUR) });
      supports.set(supportId, target);
    }
    if (supports.size > 0 && r.chance(0.3)) {
      const sid = r.pick([...supports.keys()]);
      if (r.chance(0.2)) {
        ops.push({ kind: 'drop_support', supportId: sid });
        supports.delete(sid);
      } else ops.push({ kind: 'rate_support', supportId: sid, rating: r.pick([null, ...s.RATINGS]) });
    }
  }
  return ops;
}

function supportRow(op: Extract<Op, { kind: 'support' }>) {
  return { id: op.supportId, caseId: op.id, kind: 'device' as const, deviceHash: `d${op.supportId}`, rating: op.rating, ratedAt: op.rating ? op.at : null, createdAt: op.at };
}

function applySqlite(db: ReturnType<typeof openTestDatabase>['db'], ops: readonly Op[]) {
  db.insert(s.orgNodes).values([...TREE]).run();
  db.insert(s.accounts).values([...ACCOUNTS]).run();
  db.insert(s.categories).values([...CATEGORIES]).run();
  for (const op of ops) {
    if (op.kind === 'insert') db.insert(s.cases).values(op.row).run();
    else if (op.kind === 'update') db.update(s.cases).set(op.set).where(eq(s.cases.id, op.id)).run();
    else if (op.kind === 'delete') db.delete(s.cases).where(eq(s.cases.id, op.id)).run();
    else if (op.kind === 'support') db.insert(s.caseSupports).values(supportRow(op)).run();
    else if (op.kind === 'rate_support') db.update(s.caseSupports).set({ rating: op.rating }).where(eq(s.caseSupports.id, op.supportId)).run();
    else if (op.kind === 'drop_support') db.delete(s.caseSupports).where(eq(s.caseSupports.id, op.supportId)).run();
    else db.insert(s.caseEvents).values({ id: op.eventId, caseId: op.id, at: op.at, action: 'claim', actorKind: 'account', actorAccountId: op.accountId, actorLabel: '党员', toStatus: 'in_progress' }).run();
  }
}

async function applyPg(client: Client, ops: readonly Op[]) {
  const db = pgDb(client);
  await seedTree(client);
  for (const op of ops) {
    if (op.kind === 'insert') await db.insert(p.cases).values(op.row as typeof p.cases.$inferInsert);
    else if (op.kind === 'update') await db.update(p.cases).set(op.set as Partial<typeof p.cases.$inferInsert>).where(eq(p.cases.id, op.id));
    else if (op.kind === 'delete') await db.delete(p.cases).where(eq(p.cases.id, op.id));
    else if (op.kind === 'support') await db.insert(p.caseSupports).values(supportRow(op));
    else if (op.kind === 'rate_support') await db.update(p.caseSupports).set({ rating: op.rating }).where(eq(p.caseSupports.id, op.supportId));
    else if (op.kind === 'drop_support') await db.delete(p.caseSupports).where(eq(p.caseSupports.id, op.supportId));
    else await db.insert(p.caseEvents).values({ id: op.eventId, caseId: op.id, at: op.at, action: 'claim', actorKind: 'account', actorAccountId: op.accountId, actorLabel: '党员', toStatus: 'in_progress' });
  }
}

type Row = Record<string, number | string>;
/** The rows that count (a row whose counts went back to zero is the same as no row), in key order. */
function nonZero(table: keyof typeof STATS_TABLES, rows: Row[]): Row[] {
  const keys: readonly string[] = STATS_TABLES[table];
  const key = (r: Row) => JSON.stringify(keys.map((k) => r[k]));
  return rows
    .filter((r) => Object.entries(r).some(([k, v]) => !keys.includes(k) && Number(v) !== 0))
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'month' || k === 'period' || k === 'source' ? v : Number(v)])))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

describe('the statistics triggers', () => {
  for (const seed of [1, 2]) {
    test(`seed ${seed}: after the same inserts, updates, moves, claims and deletes, PostgreSQL's aggregates equal SQLite's and a direct count`, async (t) => {
      const pg = pgDatabase(t);
      if (!pg) return;
      const ops = randomOps(seed);
      assert.ok(ops.filter((o) => o.kind === 'update').length > 50 && ops.some((o) => o.kind === 'claim') && ops.some((o) => o.kind === 'delete'));
      assert.ok(ops.some((o) => o.kind === 'rate_support') && ops.some((o) => o.kind === 'drop_support') && ops.some((o) => o.kind === 'support' && o.rating !== null));
      const lite = openTestDatabase();
      const client = await pg.pool.connect();
      try {
        // The rollups hold the months before the boundary only (migrations 0036 and 0019): January of the ops' first
        // quarter is closed, February and March are open. Set on both before any month row exists.
        lite.db.run(sql`insert or replace into stats_period_boundary (id, month) values (1, '2026-02')`);
        applySqlite(lite.db, ops);
        await client.query('begin');
        await client.query(`insert into stats_period_boundary (id, month) values (1, '2026-02')`);
        await applyPg(client, ops);
        for (const table of Object.keys(STATS_TABLES) as (keyof typeof STATS_TABLES)[]) {
          const fromSqlite = nonZero(table, lite.db.all<Row>(`select * from ${table}`));
          const fromPg = nonZero(table, (await client.query<Row>(`select * from ${table}`)).rows);
          assert.ok(fromSqlite.length > 5, `${table} holds rows`);
          assert.deepEqual(fromPg, fromSqlite, table);
        }
        // Independently of both engines' triggers: cases under each node from the top of the tree down to the
        // case's grid (none for its building: migration 0018), and claims per grid and claimant.
        const direct = await client.query<{ node_id: number; n: string }>(
          `select o.id as node_id, count(c.id) as n from org_nodes o join cases c on c.node_path like o.path || '%'
             and (c.grid_id is null or strpos(c.node_path, '/' || c.grid_id || '/') = 0
                  or length(o.path) <= strpos(c.node_path, '/' || c.grid_id || '/') + length(c.grid_id::text) + 1)
           group by o.id order by o.id`,
        );
        const agg = await client.query<{ node_id: number; n: string }>(
          `select node_id, sum(received) as n from stats_node_months group by node_id having sum(received) <> 0 order by node_id`,
        );
        assert.deepEqual(agg.rows, direct.rows);
        const claims = await client.query<{ grid_id: number; account_id: number; n: string; done: string }>(
          `select c.grid_id, e.actor_account_id as account_id, count(*) as n,
             count(*) filter (where c.status in ('resolved', 'closed') and c.handler_account_id = e.actor_account_id) as done
           from case_events e join cases c on c.id = e.case_id where e.action = 'claim' group by 1, 2 order by 1, 2`,
        );
        const claimAgg = await client.query<{ grid_id: number; account_id: number; n: string; done: string }>(
          `select grid_id, account_id, sum(claims) as n, sum(done) as done from stats_grid_claims group by 1, 2 having sum(claims) <> 0 order by 1, 2`,
        );
        assert.deepEqual(claimAgg.rows, claims.rows);
        // Each rollup is the sum of its month rows before the boundary, by year and by quarter.
        for (const [rollup, months, keys, counts] of [
          ['stats_grid_periods', 'stats_grid_months', 'grid_id, worker_id', ['received', 'rejected', 'duplicate', 'responded', 'resolved', 'satisfied', 'basically', 'unsatisfied']],
          ['stats_grid_claim_periods', 'stats_grid_claims', 'grid_id, account_id', ['claims', 'done']],
          ['stats_node_hour_periods', 'stats_node_hours', 'node_id, kind, bucket', ['n']],
        ] as const) {
          const sums = counts.map((c) => `sum(${c})::integer as ${c}`).join(', ');
          const summed = await client.query(
            `select ${keys}, p as period, ${sums} from ${months}, unnest(stats_periods_of(month)) as p where month < '2026-02'
             group by ${keys}, p having ${counts.map((c) => `sum(${c}) <> 0`).join(' or ')} order by ${keys}, p`,
          );
          const held = await client.query(
            `select ${keys}, period, ${counts.map((c) => `${c}::integer as ${c}`).join(', ')} from ${rollup}
             where ${counts.map((c) => `${c} <> 0`).join(' or ')} order by ${keys}, period`,
          );
          assert.ok(summed.rows.length > 0, `${rollup}: January holds rows`);
          assert.deepEqual(held.rows, summed.rows, `${rollup} holds the closed months only`);
        }
      } finally {
        await client.query('rollback');
        client.release();
        lite.close();
      }
    });
  }

  test('a case created at 16:30 UTC on the last day of January counts for February (Beijing time)', async (t) => {
    const pg = pgDatabase(t);
    if (!pg) return;
    const { rows } = await pg.pool.query<{ m: string; b: number; b2: number }>(
      `select stats_month('2026-01-31T16:30:00Z') as m, stats_bucket(stats_ms('2026-01-02T00:00:00Z', '2026-01-01T23:54:00.001Z')) as b,
         stats_bucket(172800000 + 8640000 * 2 + 5) as b2`,
    );
    assert.deepEqual(rows[0], { m: '2026-02', b: 0, b2: 482 });
  });
});

describe('the guard triggers refuse what SQLite refuses', () => {
  test('audit log and timeline are append-only (only a note may be cleared), 80岁以上 is never stored, disabling an account ends its sessions', async (t) => {
    const pg = pgDatabase(t);
    if (!pg) return;
    const client = await pg.pool.connect();
    const db = pgDb(client);
    const refuses = async (statement: string, message: RegExp) => {
      await client.query('savepoint s');
      await assert.rejects(client.query(statement), message);
      await client.query('rollback to savepoint s');
    };
    try {
      await client.query('begin');
      await seedTree(client);
      await db.insert(p.auditLog).values({ accountId: 1, at: NOW, action: 'view_case', subject: 'case:1' });
      await refuses(`update audit_log set subject = 'x'`, /audit_log is append-only/);
      await refuses(`delete from audit_log`, /audit_log is append-only/);

      await db.insert(p.cases).values({ id: 1, number: 'YH-1', publicTokenHash: 'h', description: 'd', source: 'online', nodeId: 4, nodePath: '/1/2/3/4/', gridId: 4, status: 'submitted', acceptDueAt: NOW, createdAt: NOW, updatedAt: NOW });
      await db.insert(p.caseEvents).values({ caseId: 1, at: NOW, action: 'create', actorKind: 'resident', actorLabel: '居民', toStatus: 'submitted', note: '电话 13900000000', data: { a: 1 } });
      await refuses(`update case_events set action = 'x'`, /case_events is append-only/);
      await refuses(`update case_events set note = 'changed'`, /case_events is append-only/);
      await refuses(`update case_events set data = '{"a":2}'`, /case_events is append-only/);
      await refuses(`delete from case_events`, /case_events is append-only/);
      await client.query(`update case_events set note = null`);
      assert.equal((await client.query(`select note from case_events`)).rows[0].note, null, 'the retention purge may clear a note');

      await db.insert(p.households).values({ id: 1, nodeId: 6, nodePath: '/1/2/3/4/6/', address: '1号楼101', size: 2 });
      await refuses(`insert into household_care_tags (household_id, tag) values (1, 'elderly_80')`, /elderly_80 is computed/);
      await client.query(`insert into household_care_tags (household_id, tag) values (1, 'living_alone')`);

      await db.insert(p.sessions).values([
        { id: 's1', accountId: 2, createdAt: NOW, lastSeenAt: NOW },
        { id: 's2', accountId: 2, createdAt: NOW, lastSeenAt: NOW },
        { id: 's3', accountId: 3, createdAt: NOW, lastSeenAt: NOW },
      ]);
      await client.query(`update accounts set display_name = '网格员甲' where id = 2`);
      assert.equal((await client.query(`select count(*)::int as n from sessions`)).rows[0].n, 3, 'another change keeps the sessions');
      await client.query(`update accounts set active = false where id = 2`);
      assert.deepEqual((await client.query(`select id from sessions order by id`)).rows, [{ id: 's3' }]);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});

describe('a database that does not sort text by bytes is refused before any migration', () => {
  test('byte-order collations are told from linguistic ones', () => {
    for (const c of ['C', 'POSIX', 'C.UTF-8', 'C.utf8', 'c']) assert.equal(isByteOrderCollation(c), true, c);
    for (const c of ['en_US.UTF-8', 'zh_CN.UTF-8', 'de_DE', 'Chinese (Simplified)_China.936', '']) assert.equal(isByteOrderCollation(c), false, c);
  });

  test('an ICU-collated database gets the reason and how to make one that works, and no table', async (t) => {
    const ok = pgDatabase(t);
    if (!ok) return;
    const adminUrl = await pgTestServerUrl();
    const name = `yinghuo_icu_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`create database "${name}" template template0 encoding 'UTF8' locale_provider icu icu_locale 'zh'`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      await assert.rejects(migratePgDatabase(url.toString()), /collation ICU zh.*byte order.*lc_collate 'C\.UTF-8'/s);
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      const { rows } = await client.query(`select count(*)::int as n from information_schema.tables where table_schema = 'public'`);
      await client.end();
      assert.equal(rows[0].n, 0);
    } finally {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});
