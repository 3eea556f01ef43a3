// The full-text index of a group commit's new cases is written once, before its COMMIT (migration 0035, db/store.ts
// groupSearchIndexing), and must end up exactly as if each case had been indexed as it was inserted: every new case
// found by its words, the rolled-back ones not at all, one edited in the same group by its new words only, one deleted
// in the same group gone, FTS5's integrity-check clean, and nothing left in the deferral tables. SQLite only
// (PostgreSQL's pg_trgm index is kept by PostgreSQL itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { ENGINE } from './engine';
import { groupCommitStats, type AppDb, type Store } from './store';
import { registerTestStore } from './store-testing';

const storeFor = registerTestStore({ demo: true, cases: 30 });

/** The ids of the cases whose indexed words hold `phrase` (a 3+ character FTS5 phrase). */
async function found(store: Store, phrase: string): Promise<number[]> {
  const rows = await store.db.all<{ id: number }>(sql`select rowid as id from cases_fts where cases_fts match ${`"${phrase}"`} order by rowid`);
  return rows.map((r) => r.id);
}

/** A copy of the newest case under a new number, token and description, inserted in `tx`; its id. */
async function insertCase(tx: AppDb, number: string, description: string): Promise<number> {
  const columns = (await tx.all<{ name: string }>(sql`select name from pragma_table_info('cases') where name <> 'id'`)).map((c) => c.name);
  const replaced: Record<string, unknown> = { number, public_token_hash: `hash-${number}`, client_key: null, description };
  const list = sql.join(columns.map((c) => sql.identifier(c)), sql`, `);
  const values = sql.join(columns.map((c) => (c in replaced ? sql`${replaced[c]}` : sql.identifier(c))), sql`, `);
  const [row] = await tx.all<{ id: number }>(sql`insert into cases (${list}) select ${values} from cases where id = (select max(id) from cases) returning id`);
  return row!.id;
}

if (ENGINE === 'sqlite') {
  test('a group commit indexes its new cases once, before COMMIT, exactly as the per-case trigger would', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    const before = groupCommitStats(store);
    const ids: Record<string, number> = {};
    // Requested in one turn of the event loop: they share one transaction (checked below).
    const writes = [
      store.write(async (tx) => void (ids.plain = await insertCase(tx, 'T-0001', '东门岗亭屋顶漏雨甲一'))),
      store.write(async (tx) => {
        ids.second = await insertCase(tx, 'T-0002', '东门岗亭屋顶漏雨甲二');
        // Inside the group the new cases wait in the list (the first write's and this one's), not in the index.
        ids.waiting = (await tx.all<{ n: number }>(sql`select count(*) as n from cases_fts_pending`))[0]!.n;
      }),
      store.write(async (tx) => {
        ids.edited = await insertCase(tx, 'T-0003', '旧的说法乙三号楼');
        await tx.run(sql`update cases set description = ${'新的说法丙三号楼'} where id = ${ids.edited}`);
      }),
      store.write(async (tx) => {
        const id = await insertCase(tx, 'T-0004', '马上删除丁四号楼');
        await tx.run(sql`delete from cases where id = ${id}`);
      }),
      store.write(async (tx) => {
        ids.undone = await insertCase(tx, 'T-0005', '撤回的请求戊五号楼');
        throw new Error('refused after the insert');
      }),
    ];
    const results = await Promise.allSettled(writes);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    const after = groupCommitStats(store);
    assert.equal(after.commits - before.commits, 1, 'the five writes shared one COMMIT');
    assert.equal(ids.waiting, 2, 'the group listed its new cases for one indexing statement');

    assert.deepEqual(await found(store, '屋顶漏雨甲'), [ids.plain!, ids.second!].sort((a, b) => a - b));
    assert.deepEqual(await found(store, 'T-0001'), [ids.plain!], 'the number is indexed too');
    assert.deepEqual(await found(store, '新的说法丙'), [ids.edited!], 'edited in the same group: found by its new words');
    assert.deepEqual(await found(store, '旧的说法乙'), [], '… and not by its old ones');
    assert.deepEqual(await found(store, '马上删除丁'), [], 'deleted in the same group: not indexed');
    assert.deepEqual(await found(store, '撤回的请求'), [], 'rolled back with its savepoint: not indexed');
    // An edit after the commit goes through the ordinary trigger (the case is in the index now).
    await store.write(async (tx) => void (await tx.run(sql`update cases set description = ${'再改一次己六号楼'} where id = ${ids.plain}`)));
    assert.deepEqual(await found(store, '再改一次己'), [ids.plain!]);
    assert.deepEqual(await found(store, '屋顶漏雨甲'), [ids.second!]);

    const leftovers = await store.db.all<{ n: number }>(sql`select (select count(*) from cases_fts_pending) + (select count(*) from cases_fts_deferral) as n`);
    assert.equal(leftovers[0]!.n, 0, 'nothing left pending or marked after COMMIT');
    // FTS5's own check of the index against its content: throws if the index drifted (a bad delete corrupts it).
    await store.write(async (tx) => void (await tx.run(sql`insert into cases_fts(cases_fts, rank) values ('integrity-check', 1)`)));
  });

  test('a write outside a group commit (a legacy transaction, the shell) indexes its case at once', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    // One write alone commits without the deferral mark: the trigger indexes as the row goes in.
    const id = await store.write((tx) => insertCase(tx, 'T-0100', '单独写入庚七号楼'));
    assert.deepEqual(await found(store, '单独写入庚'), [id]);
    const pending = await store.db.all<{ n: number }>(sql`select count(*) as n from cases_fts_pending`);
    assert.equal(pending[0]!.n, 0);
  });
}
