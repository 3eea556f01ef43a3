// The tree's consistency rules over the whole database: every path, depth and path copy agrees with the nodes; used by tests after every move.
import { getTableName, sql, type SQL } from 'drizzle-orm';
import { ENGINE } from '@/db/engine';
import type { AppDb } from '@/db/store';
import { NODE_PATH_COPIES } from './nodes';

/** How a table's `node_path` is derived; a table with a copy and no rule here is itself a violation. */
const DERIVED_FROM: Record<string, string> = {
  // The node the row hangs on.
  households: 'org_nodes.id = t.node_id',
  cases: 'org_nodes.id = t.node_id',
  party_members: 'org_nodes.id = t.node_id',
  units: 'org_nodes.id = t.node_id',
  intake_points: 'org_nodes.id = t.node_id',
  api_tokens: 'org_nodes.id = t.node_id',
  reply_templates: 'org_nodes.id = t.node_id',
  pledge_items: 'org_nodes.id = t.node_id',
  pledges: 'org_nodes.id = t.node_id',
  volunteer_activities: 'org_nodes.id = t.node_id',
  market_goods: 'org_nodes.id = t.node_id',
};

/** Copies of another row's copy: a visit carries its household's path. */
const COPIED_FROM: Record<string, { table: string; key: string }> = {
  visits: { table: 'households', key: 'household_id' },
};

type Row = Record<string, unknown>;

/** Plain SQL written for both engines (a check, not a query of the app: no builder needed). */
async function all(db: AppDb, query: string): Promise<Row[]> {
  if (ENGINE === 'pg') return (await (db as unknown as { execute(q: SQL): Promise<{ rows: Row[] }> }).execute(sql.raw(query))).rows;
  return db.all<Row>(sql.raw(query));
}

/** The tables that hold a `node_path` column, read from the database itself rather than from our list. */
export async function tablesWithNodePath(db: AppDb): Promise<string[]> {
  const query =
    ENGINE === 'pg'
      ? `select table_name as name from information_schema.columns where table_schema = current_schema() and column_name = 'node_path' order by table_name`
      : `select m.name as name from sqlite_master m join pragma_table_info(m.name) c where m.type = 'table' and c.name = 'node_path' order by m.name`;
  return (await all(db, query)).map((r) => String(r.name));
}

/** Every broken rule as a readable line; an empty list means the tree and all its copies agree. */
export async function treeViolations(db: AppDb): Promise<string[]> {
  const out: string[] = [];
  const say = (rule: string, rows: Row[]) => {
    for (const r of rows.slice(0, 5)) out.push(`${rule}: ${JSON.stringify(r)}`);
    if (rows.length > 5) out.push(`${rule}: … and ${rows.length - 5} more`);
  };

  say(
    'a root node has the path /id/ and depth 0',
    await all(db, `select id, path, depth from org_nodes where parent_id is null and (path <> '/' || id || '/' or depth <> 0)`),
  );
  say(
    "a node's path is its parent's path plus its id, its depth one more",
    await all(
      db,
      `select c.id, c.path, c.depth, p.path as parent_path, p.depth as parent_depth from org_nodes c join org_nodes p on p.id = c.parent_id
       where c.path <> p.path || c.id || '/' or c.depth <> p.depth + 1`,
    ),
  );
  say(
    'a child sits one level below its parent (county > township > community > grid > building)',
    await all(
      db,
      `select c.id, c.kind, p.kind as parent_kind from org_nodes c join org_nodes p on p.id = c.parent_id
       where (c.kind, p.kind) not in (values ('township','county'), ('community','township'), ('grid','community'), ('building','grid'))`,
    ),
  );
  say(
    'nothing under a retired node is still active',
    await all(db, `select c.id, c.path from org_nodes c join org_nodes p on c.path like p.path || '%' and c.id <> p.id where p.retired_at is not null and c.retired_at is null`),
  );

  const withCopies = await tablesWithNodePath(db);
  const moved = NODE_PATH_COPIES.map((t) => getTableName(t)).sort();
  if (JSON.stringify(withCopies) !== JSON.stringify(moved)) {
    out.push(`moveNode rewrites ${moved.join(', ')} but the tables with node_path are ${withCopies.join(', ')}: add the new copy to NODE_PATH_COPIES`);
  }
  for (const table of withCopies) {
    const derived = DERIVED_FROM[table];
    const copied = COPIED_FROM[table];
    if (derived) {
      say(
        `${table}.node_path is its node's path`,
        await all(db, `select t.id, t.node_path, org_nodes.path from ${table} t left join org_nodes on ${derived} where org_nodes.path is null or t.node_path <> org_nodes.path`),
      );
    } else if (copied) {
      say(
        `${table}.node_path is its ${copied.table}'s node_path`,
        await all(db, `select t.id, t.node_path, s.node_path as source from ${table} t left join ${copied.table} s on s.id = t.${copied.key} where s.node_path is null or t.node_path <> s.node_path`),
      );
    } else {
      out.push(`${table}.node_path has no rule in lib/registry/tree-invariants.ts`);
    }
  }
  say(
    "a case's grid is the grid on its node path",
    await all(db, `select c.id, c.grid_id, c.node_path from cases c left join org_nodes g on g.id = c.grid_id where g.kind is null or g.kind <> 'grid' or c.node_path not like g.path || '%'`),
  );
  say(
    'a household hangs on a building or a rural grid',
    await all(db, `select h.id, n.kind, n.rural from households h join org_nodes n on n.id = h.node_id where not (n.kind = 'building' or (n.kind = 'grid' and n.rural))`),
  );
  return out;
}
