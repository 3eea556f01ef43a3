// The PostgreSQL schema is the SQLite schema in another dialect: same tables, columns, nullability, defaults, keys,
// foreign keys, indexes and checks, under the type mapping documented in db/pg/schema-parity.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { boolean, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as sqliteSchema from '../schema';
import * as pgSchema from './schema';
import { describePgTable, describeSqliteTable, diffTables, tablesOf } from './schema-parity';

const sqliteTables = tablesOf<SQLiteTable>(sqliteSchema, 'sqlite');
const pgTables = tablesOf<PgTable>(pgSchema, 'pg');

describe('db/pg/schema.ts mirrors db/schema.ts', () => {
  test('the same tables', () => {
    assert.ok(sqliteTables.size >= 25, `found ${sqliteTables.size} SQLite tables`);
    assert.deepEqual([...pgTables.keys()].sort(), [...sqliteTables.keys()].sort());
  });

  for (const [name, table] of sqliteTables) {
    test(`${name}: columns, keys, foreign keys, indexes and checks agree`, () => {
      const pg = pgTables.get(name);
      assert.ok(pg, `${name} is missing from db/pg/schema.ts`);
      const a = describeSqliteTable(table);
      const b = describePgTable(pg);
      assert.deepEqual(diffTables(a, b), []);
      // The comparison saw the table's substance, not two empty descriptions.
      assert.ok(a.columns.length > 0 && a.columns.length === b.columns.length);
    });
  }

  test('the case-list due key is the SQLite expression with infinity for the largest safe integer', () => {
    assert.equal(pgSchema.PG_CASE_DUE_KEY, sqliteSchema.CASE_DUE_KEY.replace('9007199254740991', "'infinity'::timestamptz"));
    const due = describePgTable(pgSchema.cases).indexes.find((i) => i.name === 'cases_due_idx');
    assert.deepEqual(due?.columns, [pgSchema.PG_CASE_DUE_KEY, 'node_path']);
  });
});

describe('the comparison fails on drift', () => {
  const sqliteSettings = describeSqliteTable(sqliteSchema.settings);
  const baseColumns = {
    key: text('key').primaryKey(),
    value: text('value').notNull(),
  };

  test('a column only in PostgreSQL, a nullability change, a missing foreign key', () => {
    const drifted = pgTable('settings', {
      ...baseColumns,
      updatedAt: integer('updated_at'),
      updatedByAccountId: integer('updated_by_account_id'),
      extra: boolean('extra'),
    });
    const diff = diffTables(sqliteSettings, describePgTable(drifted));
    assert.ok(diff.some((d) => d.includes('column extra only in PostgreSQL')), diff.join('\n'));
    assert.ok(diff.some((d) => d.includes('column updated_at differs')), 'integer vs timestamp, nullable vs not null');
    assert.ok(diff.some((d) => d.includes('foreign key') && d.includes('only in SQLite')), diff.join('\n'));
  });

  test('a column only in SQLite and an index only in PostgreSQL', () => {
    const drifted = pgTable('settings', { ...baseColumns }, (t) => [index('settings_value_idx').on(t.value)]);
    const diff = diffTables(sqliteSettings, describePgTable(drifted));
    assert.ok(diff.some((d) => d.includes('column updated_at only in SQLite')), diff.join('\n'));
    assert.ok(diff.some((d) => d.includes('index settings_value_idx only in PostgreSQL')), diff.join('\n'));
  });
});
