// The range form of a scope selects exactly the rows the LIKE form selects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import Database from 'better-sqlite3';
import { prefixEnd, withinScope, withinScopeRange } from './scope-sql';

const nodes = sqliteTable('nodes', { id: integer('id').primaryKey(), path: text('path').notNull() });

test('prefixEnd is the first string past every string with the prefix', () => {
  assert.equal(prefixEnd('/1/2/'), '/1/20');
  assert.equal(prefixEnd('/9/'), '/90');
  assert.ok('/1/2/99/3/' < prefixEnd('/1/2/'));
  assert.ok('/1/20/' >= prefixEnd('/1/2/'));
});

test('withinScopeRange and withinScope pick the same paths, for one scope path or several', () => {
  const sqlite = new Database(':memory:');
  const db = drizzle(sqlite);
  sqlite.exec('create table nodes (id integer primary key, path text not null)');
  const paths = ['/1/', '/1/2/', '/1/2/3/', '/1/2/30/', '/1/20/', '/1/29/4/', '/1/3/', '/10/', '/2/', '/1/2/3/10/66/', '/1/2/39/'];
  for (const [i, p] of paths.entries()) sqlite.prepare('insert into nodes values (?, ?)').run(i + 1, p);
  const pick = (where: ReturnType<typeof sql>) => db.select({ path: nodes.path }).from(nodes).where(where).all().map((r) => r.path).sort();
  for (const scope of [['/1/2/'], ['/1/2/3/'], ['/1/'], ['/1/2/3/', '/1/20/'], ['/2/', '/10/'], []]) {
    const s = { paths: scope };
    const expected = pick(withinScope(nodes.path, s));
    assert.deepEqual(pick(withinScopeRange(nodes.path, s)), expected, scope.join(','));
  }
  assert.deepEqual(pick(withinScopeRange(nodes.path, { paths: ['/1/2/'] })), ['/1/2/', '/1/2/3/', '/1/2/3/10/66/', '/1/2/30/', '/1/2/39/']);
  sqlite.close();
});
