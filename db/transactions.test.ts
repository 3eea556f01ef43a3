// Every write transaction starts IMMEDIATE: a deferred one that reads and then writes fails at once
// (SQLITE_BUSY, no waiting helps) when another connection committed in between — as happened to a
// claim on the e2e server while a test script wrote to the same database.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import ts from 'typescript';

test('SQLite: a deferred transaction that read before another connection committed cannot write, however long it waits', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yh-tx-'));
  const file = path.join(dir, 'a.db');
  const a = new Database(file);
  const b = new Database(file);
  try {
    for (const c of [a, b]) {
      c.pragma('journal_mode = WAL');
      c.pragma('busy_timeout = 200');
    }
    a.exec('CREATE TABLE t (v INTEGER)');
    a.exec('BEGIN DEFERRED');
    a.prepare('SELECT count(*) FROM t').get();
    b.prepare('INSERT INTO t VALUES (1)').run();
    assert.throws(() => a.prepare('INSERT INTO t VALUES (2)').run(), (e: { code?: string }) => String(e.code).startsWith('SQLITE_BUSY'));
    a.exec('ROLLBACK');

    // IMMEDIATE takes the write lock before the first read: the other writer waits its turn instead.
    a.exec('BEGIN IMMEDIATE');
    a.prepare('SELECT count(*) FROM t').get();
    a.prepare('INSERT INTO t VALUES (2)').run();
    a.exec('COMMIT');
    b.prepare('INSERT INTO t VALUES (3)').run();
    assert.equal((a.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n, 3);
  } finally {
    a.close();
    b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Source files of the app and its scripts (tests excluded). */
function sources(root: string): string[] {
  return fs.readdirSync(root, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(root, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'migrations' ? [] : sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

// PostgreSQL's transactions (db/store.ts) name their isolation level instead; SQLite's driver has none.
test("every .transaction(…) in lib/, db/ and scripts/ passes { behavior: 'immediate' } (or, on PostgreSQL, its isolationLevel)", () => {
  const offenders: string[] = [];
  for (const file of ['lib', 'db', 'scripts'].flatMap(sources)) {
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes('.transaction(')) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'transaction') {
        const options = n.arguments[1];
        const immediate =
          options !== undefined &&
          ts.isObjectLiteralExpression(options) &&
          options.properties.some(
            (p) =>
              ts.isPropertyAssignment(p) &&
              ((p.name.getText(sf) === 'behavior' && p.initializer.getText(sf) === "'immediate'") || p.name.getText(sf) === 'isolationLevel'),
          );
        if (!immediate) offenders.push(`${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  assert.deepEqual(offenders, []);
});
