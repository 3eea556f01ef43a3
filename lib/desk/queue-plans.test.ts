// The queue's query plans: each filter and saved view seeks its own index, and no list sorts or scans the whole
// table. Fails when someone drops or reorders one of the case-list indexes in db/schema.ts.
// SQLite only: it reads SQLite's EXPLAIN QUERY PLAN of the very statements the queue runs there (the `+column`s,
// the FTS5 walk); PostgreSQL plans by statistics of its own and has no such hints (db/dialect.ts noSeek).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { accounts } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { boundedCountQuery, COUNT_CAP, keysetQuery, LIST_ORDERS, searchCountQuery } from '@/lib/cases/case-list';
import { parseQueueFilters, queueOrder, queueWhere, SAVED_VIEW_KEYS, type SavedView } from './filters';
import { searchDriven } from './queue';

const { db, close } = openTestDatabase({ demo: true });
after(close);

const shuji = actorFromUser(loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'shuji')).get()!.id)!);
const NOW = new Date('2026-11-20T02:00:00Z');
const CURSOR = { key: NOW.getTime(), id: 1_000 };

function plan(query: { toSQL(): { sql: string; params: unknown[] } }): string[] {
  const { sql, params } = query.toSQL();
  // drizzle keeps the better-sqlite3 connection as `$client`; the DB type does not mention it.
  const client = (db as typeof db & { $client: Database.Database }).$client;
  return (client.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
}

/** The plans of the first page, a page after a cursor, and the bounded count, for one URL. */
function plansOf(raw: Record<string, string>) {
  const { filters, problems } = parseQueueFilters(raw);
  assert.deepEqual(problems, []);
  const where = queueWhere(shuji, filters, NOW, { overdueByDeadline: true });
  const order = queueOrder(filters);
  return {
    page: plan(keysetQuery(db, where, order, 50)),
    after: plan(keysetQuery(db, where, order, 50, { after: CURSOR })),
    count: plan(boundedCountQuery(db, queueWhere(shuji, filters, NOW, { overdueByDeadline: true, forCount: true }), COUNT_CAP)),
  };
}

/** Pages and counts of overdue cases read the overdue ones alone, a range of the deadline index. */
const OVERDUE = /SEARCH cases USING (COVERING )?INDEX cases_due_idx \((<expr>>\? AND )?<expr><\?\)/;

const wholeTable = (lines: string[]) => lines.filter((l) => /^SCAN cases\b/.test(l) && !/USING (COVERING )?INDEX/.test(l));

// Each filter and view with the index it must seek (db/schema.ts).
const FILTERS: [string, Record<string, string>, RegExp][] = [
  ['status', { status: 'closed' }, /SEARCH cases USING (COVERING )?INDEX cases_status(_path)?_idx \(status=\?/],
  ['several statuses', { status: 'in_progress,assigned' }, /SEARCH cases USING (COVERING )?INDEX cases_status(_path)?_idx \(status=\?/],
  ['overdue', { overdue: '1' }, OVERDUE],
  ['supervised', { supervised: '1' }, /SEARCH cases USING (COVERING )?INDEX cases_supervised_created_idx \(supervised=\?/],
  ['category', { categoryId: '3' }, /SEARCH cases USING (COVERING )?INDEX cases_category_created_idx \(category_id=\?/],
  ['grid', { gridId: '5' }, /SEARCH cases USING (COVERING )?INDEX cases_grid_created_idx \(grid_id=\?/],
  ['building', { buildingId: '66' }, /SEARCH cases USING (COVERING )?INDEX cases_node_created_idx \(node_id=\?/],
  ['handler', { handlerId: '20' }, /SEARCH cases USING (COVERING )?INDEX cases_handler_created_idx \(handler_account_id=\?/],
  ['unit', { unitId: '1' }, /SEARCH cases USING (COVERING )?INDEX cases_unit_created_idx \(handler_unit_id=\?/],
  ['source', { source: 'patrol' }, /SEARCH cases USING (COVERING )?INDEX cases_source_created_idx \(source=\?/],
  ['urgency', { urgency: 'urgent' }, /SEARCH cases USING (COVERING )?INDEX cases_urgency_created_idx \(urgency=\?/],
  ['rating', { rating: 'satisfied' }, /SEARCH cases USING (COVERING )?INDEX cases_rating_created_idx \(rating=\?/],
  ['not rated', { rating: 'none' }, /SEARCH cases USING (COVERING )?INDEX cases_rating_created_idx \(rating=\?/],
  // The statistics' drill-downs (lib/stats/drill-down.ts): the resident's rating by its index, the supporters' by theirs.
  ['rating with supporters', { rating: 'unsatisfied', supporters: '1' }, /SEARCH cases USING (COVERING )?INDEX cases_rating_created_idx \(rating=\?/],
  ['rated with supporters, a period', { rating: 'rated', supporters: '1', from: '2026-01-01', to: '2026-10-31' }, /SEARCH case_supports USING (COVERING )?INDEX case_supports_rating_idx \(rating>\?\)/],
  ['date range', { from: '2026-10-01', to: '2026-10-31' }, /SEARCH cases USING (COVERING )?INDEX cases_created_idx \(created_at>\? AND created_at<\?/],
  ['text search (3+ characters)', { q: '充电桩' }, /SCAN cases_fts VIRTUAL TABLE INDEX/],
];

const VIEWS: Record<SavedView, RegExp> = {
  pending: /SEARCH cases USING (COVERING )?INDEX cases_status(_path)?_idx \(status=\?/,
  overdue: OVERDUE,
  follow_up: /SEARCH cases USING (COVERING )?INDEX cases_status(_path)?_idx \(status=\?/,
  unsatisfied: /SEARCH cases USING (COVERING )?INDEX cases_rating_created_idx \(rating=\?/,
  my_supervised: /SEARCH cases USING (COVERING )?INDEX cases_supervisor_idx \(supervised_by_account_id=\? AND status=\?/,
};

describe('every filter seeks its index, for the page, the next page and the count', () => {
  for (const [name, raw, expected] of FILTERS) {
    test(name, () => {
      for (const [what, lines] of Object.entries(plansOf(raw))) {
        const index = expected;
        assert.ok(lines.some((l) => index.test(l)), `${name} (${what}) does not use its index:\n${lines.join('\n')}`);
        assert.deepEqual(wholeTable(lines), [], `${name} (${what}) scans the table`);
      }
    });
  }
});

describe('every saved view seeks its index, and so does its tab count', () => {
  for (const view of SAVED_VIEW_KEYS) {
    test(view, () => {
      const tab = plan(boundedCountQuery(db, queueWhere(shuji, { view }, NOW, { overdueByDeadline: true, forCount: true }), COUNT_CAP));
      for (const [what, lines] of [...Object.entries(plansOf({ view })), ['tab count', tab] as const]) {
        const index = VIEWS[view];
        assert.ok(lines.some((l) => index.test(l)), `${view} (${what}) does not use its index:\n${lines.join('\n')}`);
        assert.deepEqual(wholeTable(lines), [], `${view} (${what}) scans the table`);
      }
    });
  }
});

describe('不满意 under a status filter still seeks the rating index, not every case of that status', () => {
  for (const raw of [{ view: 'unsatisfied', status: 'closed' }, { view: 'unsatisfied', status: 'in_progress,resolved', sort: 'oldest' }, { rating: 'unsatisfied', status: 'closed' }] as Record<string, string>[]) {
    test(JSON.stringify(raw), () => {
      const { filters } = parseQueueFilters(raw);
      const tab = plan(boundedCountQuery(db, queueWhere(shuji, { ...filters, view: 'unsatisfied' }, NOW, { overdueByDeadline: true, forCount: true }), COUNT_CAP));
      for (const [what, lines] of [...Object.entries(plansOf(raw)), ['不满意 tab count', tab] as const]) {
        assert.ok(lines.some((l) => /SEARCH cases USING (COVERING )?INDEX cases_rating_created_idx \(rating=\?/.test(l)), `${what}:\n${lines.join('\n')}`);
        assert.ok(!lines.some((l) => /cases_status(_path)?_idx/.test(l)), `${what} walks a status:\n${lines.join('\n')}`);
      }
    });
  }
});

describe('the 不满意 tab under another filter seeks the rating index, not that filter\'s every case in the county', () => {
  // The queue's 紧急 filter counted its 不满意 tab by walking the county's 72,000 urgent cases (66 ms) to find one.
  for (const raw of [{ urgency: 'urgent' }, { source: 'wish_box' }, { urgency: 'urgent', supervised: '1' }] as Record<string, string>[]) {
    test(JSON.stringify(raw), () => {
      const { filters } = parseQueueFilters(raw);
      const lines = plan(boundedCountQuery(db, queueWhere(shuji, { ...filters, view: 'unsatisfied' }, NOW, { overdueByDeadline: true, forCount: true }), COUNT_CAP));
      assert.ok(lines.some((l) => /SEARCH cases USING (COVERING )?INDEX cases_rating_created_idx \(rating=\?/.test(l)), lines.join('\n'));
    });
  }
});

describe('without filters, each order walks its own index and stops after a page: no sort of the scope', () => {
  const INDEX: Record<keyof typeof LIST_ORDERS, string> = { newest: 'cases_created_idx', oldest: 'cases_created_idx', updated: 'cases_updated_idx', due: 'cases_due_idx', supported: 'cases_support_idx' };
  for (const sort of Object.keys(LIST_ORDERS) as (keyof typeof LIST_ORDERS)[]) {
    test(sort, () => {
      const { page, after: next } = plansOf(sort === 'newest' ? {} : { sort });
      assert.ok(page.some((l) => l.startsWith(`SCAN cases USING COVERING INDEX ${INDEX[sort]}`)), page.join('\n'));
      assert.ok(next.some((l) => l.startsWith(`SEARCH cases USING COVERING INDEX ${INDEX[sort]}`)), next.join('\n'));
      // Sorting within a run of equal keys (the id tie-break) is fine; sorting everything is not.
      for (const lines of [page, next]) assert.ok(!lines.includes('USE TEMP B-TREE FOR ORDER BY'), lines.join('\n'));
    });
  }
});

describe('a text search walks the full-text index in submission order and stops after a page', () => {
  for (const raw of [{ q: '充电桩' }, { q: '路灯' }, { q: '路灯 充电桩', sort: 'oldest' }, { q: '漏水', status: 'closed', source: 'wish_box' }] as Record<string, string>[]) {
    test(JSON.stringify(raw), () => {
      const { filters } = parseQueueFilters(raw);
      const search = searchDriven(shuji, filters, NOW);
      assert.ok(search, 'the index drives this search');
      const page = plan(keysetQuery(db, search.where, search.order, 50, {}, search.match));
      const next = plan(keysetQuery(db, search.where, search.order, 50, { after: CURSOR }, search.match));
      const count = plan(searchCountQuery(db, [search.where], search.match, COUNT_CAP));
      for (const [what, lines] of [['page', page], ['next page', next], ['count', count]] as const) {
        assert.ok(lines.some((l) => /SCAN cases_fts VIRTUAL TABLE INDEX/.test(l)), `${what}:\n${lines.join('\n')}`);
        assert.ok(lines.some((l) => /SEARCH cases USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(l)), `${what}:\n${lines.join('\n')}`);
        assert.ok(!lines.includes('USE TEMP B-TREE FOR ORDER BY'), `${what} sorts:\n${lines.join('\n')}`);
        assert.deepEqual(wholeTable(lines), [], `${what} scans the table`);
      }
    });
  }

  test('open work under a search is still found by status', () => {
    const { filters } = parseQueueFilters({ q: '路灯', view: 'pending' });
    assert.equal(searchDriven(shuji, filters, NOW), null);
    const lines = plan(keysetQuery(db, queueWhere(shuji, filters, NOW, { overdueByDeadline: true }), LIST_ORDERS.newest, 50));
    assert.ok(lines.some((l) => /SEARCH cases USING (COVERING )?INDEX cases_status(_path)?_idx \(status=\?/.test(l)), lines.join('\n'));
  });
});

describe('counts with nothing but statuses seek the scope: the community\'s own cases, not the county\'s walked for them', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['全部 (no filter)', {}, /SEARCH cases USING COVERING INDEX cases_path_created_idx \(node_path>\? AND node_path<\?\)/],
    ['待受理', { view: 'pending' }, /SEARCH cases USING COVERING INDEX cases_status_path_idx \(status=\? AND node_path>\? AND node_path<\?\)/],
    ['待回访', { view: 'follow_up' }, /SEARCH cases USING COVERING INDEX cases_status_path_idx \(status=\? AND node_path>\? AND node_path<\?\)/],
    ['several statuses', { status: 'in_progress,assigned' }, /SEARCH cases USING COVERING INDEX cases_status_path_idx \(status=\? AND node_path>\? AND node_path<\?\)/],
  ];
  for (const [name, raw, expected] of cases) {
    test(name, () => {
      const { count } = plansOf(raw);
      assert.ok(count.some((l) => expected.test(l)), `${name}:\n${count.join('\n')}`);
    });
  }
});

describe('combinations', () => {
  test('open work under any other filter is found by status (overdue work by deadline), not by walking that filter\'s history', () => {
    for (const raw of [{ view: 'pending', gridId: '5' } as Record<string, string>, { view: 'overdue', categoryId: '3' }, { view: 'follow_up', handlerId: '20' }, { status: 'submitted', source: 'patrol', rating: 'none' }]) {
      for (const [what, lines] of Object.entries(plansOf(raw))) {
        const index = raw.view === 'overdue' ? OVERDUE : /SEARCH cases USING (COVERING )?INDEX cases_status(_path)?_idx \(status=\?/;
        assert.ok(lines.some((l) => index.test(l)), `${JSON.stringify(raw)} (${what}):\n${lines.join('\n')}`);
      }
    }
  });

  test('overdue cases by deadline walk the deadline index in order: no sort, whatever the filters', () => {
    for (const raw of [{ view: 'overdue', sort: 'due' }, { overdue: '1', sort: 'due', gridId: '5' }] as Record<string, string>[]) {
      for (const [what, lines] of Object.entries(plansOf(raw))) {
        assert.ok(lines.some((l) => OVERDUE.test(l)), `${JSON.stringify(raw)} (${what}):\n${lines.join('\n')}`);
        assert.ok(!lines.includes('USE TEMP B-TREE FOR ORDER BY'), `${JSON.stringify(raw)} (${what}) sorts:\n${lines.join('\n')}`);
      }
    }
  });

  test('a status filter that contradicts the tab reads nothing at all', () => {
    for (const view of ['pending', 'overdue', 'follow_up', 'my_supervised'] as const) {
      const query = boundedCountQuery(db, queueWhere(shuji, { status: ['closed'], view }, NOW), COUNT_CAP);
      assert.match(query.toSQL().sql, /where 1 = 0\b/, view); // NOTHING (db/dialect.ts)
    }
  });
});
