// Checks that the demo community matches seed 002's figures and is identical on every run.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type Database from 'better-sqlite3';
import { openDatabase } from '../client';
import { applyMigrations } from '../migrate';
import { ROLES } from '../schema';
import { DEFAULT_DEMO_NOW, seedDemo, type DemoSummary } from './generate';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-demo-'));
const opened: Database.Database[] = [];

function seedInto(name: string): { sqlite: Database.Database; summary: DemoSummary } {
  const { db, sqlite } = openDatabase(path.join(dir, name));
  opened.push(sqlite);
  applyMigrations(db);
  return { sqlite, summary: seedDemo(db) };
}

let sqlite: Database.Database;
let summary: DemoSummary;
let longhuPath: string;

const one = <T>(query: string, ...params: unknown[]): T => sqlite.prepare(query).get(...params) as T;
const count = (query: string, ...params: unknown[]): number => one<{ n: number }>(query, ...params).n;

before(() => {
  ({ sqlite, summary } = seedInto('a.db'));
  longhuPath = one<{ path: string }>(`SELECT path FROM org_nodes WHERE kind = 'community' AND name = '龙湖社区'`).path;
});

after(() => {
  for (const s of opened) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('龙湖社区 holds exactly 4,321 households in ≥10 grids and ≥100 buildings', () => {
  assert.equal(count(`SELECT count(*) AS n FROM households WHERE node_path LIKE ? || '%'`, longhuPath), 4321);
  assert.ok(count(`SELECT count(*) AS n FROM org_nodes WHERE kind = 'grid' AND path LIKE ? || '%'`, longhuPath) >= 10);
  assert.ok(count(`SELECT count(*) AS n FROM org_nodes WHERE kind = 'building' AND path LIKE ? || '%'`, longhuPath) >= 100);
  assert.equal(summary.longhu.households, 4321);
});

test('every date of birth is a real date no later than the demo day', () => {
  const today = DEFAULT_DEMO_NOW.toISOString().slice(0, 10);
  assert.equal(count(`SELECT count(*) AS n FROM persons WHERE birth_date IS NULL OR birth_date > ? OR date(birth_date) IS NOT birth_date`, today), 0);
});

test('household sizes match their residents, about 12,000 of them', () => {
  const residents = count(`SELECT count(*) AS n FROM persons p JOIN households h ON h.id = p.household_id WHERE h.node_path LIKE ? || '%'`, longhuPath);
  assert.ok(residents >= 11_500 && residents <= 12_500, `residents: ${residents}`);
  assert.equal(count(`SELECT count(*) AS n FROM households h WHERE size <> (SELECT count(*) FROM persons p WHERE p.household_id = h.id)`), 0);
});

test('exactly 501 in-service party members serve 龙湖社区, all of working age', () => {
  assert.equal(count(`SELECT count(*) AS n FROM party_members WHERE kind = 'in_service' AND node_path LIKE ? || '%'`, longhuPath), 501);
  const ages = one<{ lo: number; hi: number }>(
    `SELECT min(2026 - CAST(substr(p.birth_date, 1, 4) AS INTEGER)) AS lo, max(2026 - CAST(substr(p.birth_date, 1, 4) AS INTEGER)) AS hi FROM party_members m JOIN persons p ON p.id = m.person_id WHERE m.kind = 'in_service'`,
  );
  assert.ok(ages.lo >= 23 && ages.hi <= 65, JSON.stringify(ages));
  assert.ok(count(`SELECT count(*) AS n FROM party_members WHERE kind = 'floating'`) >= 15);
});

test('central households: 400–460, each linking 8–12 neighbours of its own building, nobody linked twice', () => {
  const centrals = count(
    `SELECT count(*) AS n FROM central_households c JOIN households h ON h.id = c.household_id WHERE h.node_path LIKE ? || '%'`,
    longhuPath,
  );
  assert.ok(centrals >= 400 && centrals <= 460, `central households: ${centrals}`);
  const links = one<{ lo: number; hi: number }>(
    `SELECT min(k) AS lo, max(k) AS hi FROM (SELECT c.id, (SELECT count(*) FROM central_household_links l WHERE l.central_household_id = c.id) AS k FROM central_households c)`,
  );
  assert.ok(links.lo >= 8 && links.hi <= 12, JSON.stringify(links));
  // household_id is the links table's primary key, so "at most once" also holds structurally.
  assert.equal(count(`SELECT count(*) AS n FROM (SELECT household_id FROM central_household_links GROUP BY household_id HAVING count(*) > 1)`), 0);
  assert.equal(count(`SELECT count(*) AS n FROM central_household_links l JOIN central_households c ON c.household_id = l.household_id`), 0);
  assert.equal(
    count(
      `SELECT count(*) AS n FROM central_household_links l JOIN central_households c ON c.id = l.central_household_id
       JOIN households a ON a.id = l.household_id JOIN households b ON b.id = c.household_id WHERE a.node_id <> b.node_id`,
    ),
    0,
  );
  // The central household's member lives there and serves that building.
  assert.equal(
    count(
      `SELECT count(*) AS n FROM central_households c JOIN party_members m ON m.id = c.party_member_id JOIN persons p ON p.id = m.person_id
       JOIN households h ON h.id = c.household_id WHERE p.household_id <> c.household_id OR m.node_id <> h.node_id OR m.kind <> 'in_service'`,
    ),
    0,
  );
});

test('10 co-building units and at least 3 departments', () => {
  assert.equal(count(`SELECT count(*) AS n FROM units WHERE kind = 'co_building' AND node_path = ?`, longhuPath), 10);
  assert.ok(count(`SELECT count(*) AS n FROM units WHERE kind = 'department'`) >= 3);
});

test('every role has an account, and every account a scope', () => {
  for (const role of ROLES) assert.ok(count(`SELECT count(*) AS n FROM accounts WHERE role = ?`, role) >= 1, role);
  assert.equal(count(`SELECT count(*) AS n FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM account_scopes s WHERE s.account_id = a.id)`), 0);
  for (const username of ['admin', 'shuji', 'zhenshuji', 'fqshuji', 'wg01', 'wg12', 'wg21', 'dy01', 'dy05', 'dw01', 'dw02', 'bm01']) {
    assert.equal(count(`SELECT count(*) AS n FROM accounts WHERE username = ?`, username), 1, username);
  }
  assert.equal(count(`SELECT count(*) AS n FROM accounts WHERE role = 'party_member' AND party_member_id IS NULL`), 0);
  assert.equal(count(`SELECT count(*) AS n FROM accounts WHERE role = 'unit_liaison' AND unit_id IS NULL`), 0);
});

test("every org node's path is its parent's path plus its own id", () => {
  assert.equal(
    count(
      `SELECT count(*) AS n FROM org_nodes c LEFT JOIN org_nodes p ON p.id = c.parent_id
       WHERE c.path <> coalesce(p.path, '/') || c.id || '/' OR c.depth <> coalesce(p.depth + 1, 0)`,
    ),
    0,
  );
  assert.equal(count(`SELECT count(*) AS n FROM households h JOIN org_nodes n ON n.id = h.node_id WHERE h.node_path <> n.path`), 0);
  assert.equal(count(`SELECT count(*) AS n FROM party_members m JOIN org_nodes n ON n.id = m.node_id WHERE m.node_path <> n.path`), 0);
});

test('no 80+ tag is stored: the register is computed from dates of birth, and the demo has one', () => {
  assert.equal(count(`SELECT count(*) AS n FROM household_care_tags WHERE tag = 'elderly_80'`), 0);
  // The summary counts as the app does (lib/registry/elderly.ts) on the seeding day: born 80 years ago or earlier.
  const elders = count(
    `SELECT count(DISTINCT p.household_id) AS n FROM persons p JOIN households h ON h.id = p.household_id
     WHERE h.node_path LIKE ? AND p.birth_date <= ?`,
    `${longhuPath}%`,
    '1946-11-01', // the demo's default day is 2026-11-01
  );
  assert.ok(elders > 100, `${elders} households with an 80-year-old`);
  assert.equal(summary.longhu.elderly80Households, elders);
});

test('seeding twice gives the same addresses and names', () => {
  const digest = (db: Database.Database) => {
    const hash = createHash('sha256');
    for (const r of db.prepare(`SELECT id, address FROM households ORDER BY id`).iterate() as Iterable<{ id: number; address: string }>) {
      hash.update(`${r.id}|${r.address}\n`);
    }
    for (const r of db.prepare(`SELECT id, name, phone FROM persons ORDER BY id`).iterate() as Iterable<{ id: number; name: string; phone: string | null }>) {
      hash.update(`${r.id}|${r.name}|${r.phone ?? ''}\n`);
    }
    return hash.digest('hex');
  };
  const second = seedInto('b.db');
  assert.equal(digest(second.sqlite), digest(sqlite));
  assert.deepEqual(second.summary, summary);
});
