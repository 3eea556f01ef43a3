// The query plans of the secretary's home (/desk): every read seeks the community's own rows by its path (or a
// recent time), so the page costs what the community holds, not what the county's database holds. Fails when a
// read goes back to a LIKE on the path (which no index serves) or lets the planner scan a whole table.
// SQLite only: it reads SQLite's EXPLAIN QUERY PLAN of the statements run on the test's connection.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { accounts } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { countCasesSince, countCasesSinceQuery } from '@/lib/cases/queries';
import { countCareTags } from '@/lib/org/care';
import { getOrgTree } from '@/lib/org/queries';
import { visitCoverage } from '@/lib/visits/coverage';
import { savedViewCounts } from './queue';
import { queueOptions } from './queue-options';

const { db, close } = openTestDatabase({ demo: true });
after(close);

// drizzle keeps the better-sqlite3 connection as `$client`; the DB type does not mention it.
const client = (db as typeof db & { $client: Database.Database }).$client;
const shuji = actorFromUser(loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'shuji')).get()!.id)!);
const NOW = new Date('2026-11-20T02:00:00Z');

/** Every statement `run` executes (until its promise settles, for the engine-neutral async reads), with its parameters. */
async function statementsOf(run: () => unknown): Promise<{ sql: string; params: unknown[] }[]> {
  const proto = Object.getPrototypeOf(client.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>;
  const originals = Object.fromEntries((['all', 'get', 'run', 'iterate'] as const).map((m) => [m, proto[m]!]));
  const seen: { sql: string; params: unknown[] }[] = [];
  for (const [m, original] of Object.entries(originals)) {
    proto[m] = function (this: Database.Statement, ...params: unknown[]) {
      seen.push({ sql: this.source, params });
      return original.apply(this, params);
    };
  }
  try {
    await run();
  } finally {
    Object.assign(proto, originals);
  }
  return seen;
}

const plan = (s: { sql: string; params: unknown[] }) => (client.prepare(`explain query plan ${s.sql}`).all(...s.params) as { detail: string }[]).map((r) => r.detail);

/** A walk of a whole table, or of every grid and building of the tree by kind: what grows with the county. */
const unbounded = (line: string) => /^SCAN (households|persons|party_members|central_households|household_care_tags|visits|cases|org_nodes|account_scopes)\b(?! USING (COVERING )?INDEX)/.test(line) || /org_nodes_kind_idx \(kind=\?\)$/.test(line);

describe('/desk (and the queue\'s filter form) read the community by its path', () => {
  const reads: [string, () => unknown][] = [
    ['organisation tree with counts', () => getOrgTree(db, shuji.scope)],
    ['care counts', () => countCareTags(db, shuji.scope)],
    ['visit coverage', () => visitCoverage(db, shuji.scope, NOW)],
    ['saved view counts', () => savedViewCounts(db, shuji, {}, NOW)],
    ['今日新增', () => countCasesSince(db, shuji, new Date(NOW.getTime() - 86_400_000))],
    // Not on /desk but on every queue page: the grids and buildings of the filter form.
    ['queue filter options', () => queueOptions(db, shuji.scope)],
  ];
  for (const [name, read] of reads) {
    test(name, async () => {
      const statements = await statementsOf(read);
      assert.ok(statements.length > 0);
      for (const s of statements) {
        const lines = plan(s);
        assert.deepEqual(lines.filter(unbounded), [], `${name}: ${s.sql}\n${lines.join('\n')}`);
      }
    });
  }

  test('the registry reads seek the path indexes of households and party members', async () => {
    const lines = (await statementsOf(() => getOrgTree(db, shuji.scope))).flatMap(plan);
    assert.ok(lines.some((l) => /SEARCH households USING (COVERING )?INDEX households_path_idx \(node_path>\? AND node_path<\?\)/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /SEARCH party_members USING (COVERING )?INDEX party_members_path_idx \(node_path>\? AND node_path<\?\)/.test(l)), lines.join('\n'));
    // Residents through each household's persons, never the whole persons table.
    assert.ok(lines.some((l) => /SEARCH p USING (COVERING )?INDEX persons_household_idx \(household_id=\?\)/.test(l)), lines.join('\n'));
  });

  test('the counts are the direct counts: residents present in occupied households, households occupied', async () => {
    const [root] = await getOrgTree(db, shuji.scope);
    const path = shuji.scope.paths[0]!;
    const direct = client
      .prepare(
        `select (select count(*) from households h where h.node_path like ? || '%' and h.status = 'occupied') as households,
                (select count(*) from persons p join households h on h.id = p.household_id where h.node_path like ? || '%' and h.status = 'occupied' and p.status = 'present') as residents`,
      )
      .get(path, path) as { households: number; residents: number };
    assert.ok(direct.residents > 1000, 'the demo community has residents');
    assert.equal(root!.counts.households, direct.households);
    assert.equal(root!.counts.residents, direct.residents);
  });

  test('今日新增 reads the cases created since the moment, not every case of the scope', () => {
    const lines = plan(countCasesSinceQuery(db, shuji, NOW).toSQL());
    assert.ok(lines.some((l) => /SEARCH cases USING COVERING INDEX cases_created_idx \(created_at>\?\)/.test(l)), lines.join('\n'));
  });
});
