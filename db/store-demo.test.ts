// The same engine-neutral queries over the demo community give the same answers on this test process's engine
// as on the demo's own SQLite file: joins, prefix scopes on the tree's paths, grouping and counting, ordering by
// Chinese text and by time, timestamps compared as dates. On PostgreSQL the demo arrives through db:copy's code.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, count, desc, eq, gte, inArray, like, sql } from 'drizzle-orm';
import type { AppDb } from './store';
import { registerTestStore } from './store-testing';
import * as sqliteTables from './schema';
import * as engineTables from './tables';
import { openTestDatabase } from './testing';
import { ENGINE } from './engine';

const storeFor = registerTestStore({ demo: true, cases: 2000 });
// The reference: the demo generated into SQLite (deterministic for its seed and date), read by the same code.
const reference = openTestDatabase({ demo: true, cases: 2000 });
after(reference.close);

type Tables = typeof engineTables;

const queries = {
  async casesByStatus(db: AppDb, { cases }: Tables) {
    return db.select({ status: cases.status, n: count() }).from(cases).groupBy(cases.status).orderBy(cases.status);
  },
  async householdsPerGrid(db: AppDb, { orgNodes, households }: Tables) {
    const grids = await db.select({ id: orgNodes.id, name: orgNodes.name, path: orgNodes.path }).from(orgNodes).where(eq(orgNodes.kind, 'grid')).orderBy(asc(orgNodes.name), asc(orgNodes.id));
    const out: { grid: string; households: number }[] = [];
    for (const g of grids) {
      const [row] = await db.select({ n: count() }).from(households).where(like(households.nodePath, `${g.path}%`));
      out.push({ grid: g.name, households: row!.n });
    }
    return out;
  },
  async newestCasesWithEvents(db: AppDb, { cases, caseEvents }: Tables) {
    const newest = await db.select({ id: cases.id, number: cases.number, createdAt: cases.createdAt }).from(cases).orderBy(desc(cases.createdAt), desc(cases.id)).limit(5);
    const events = await db
      .select({ caseId: caseEvents.caseId, n: count() })
      .from(caseEvents)
      .where(inArray(caseEvents.caseId, newest.map((c) => c.id)))
      .groupBy(caseEvents.caseId)
      .orderBy(caseEvents.caseId);
    return { newest, events };
  },
  async residentsOfBuildingsByName(db: AppDb, { orgNodes, households, persons }: Tables) {
    return db
      .select({ building: orgNodes.name, residents: count(persons.id) })
      .from(orgNodes)
      .innerJoin(households, eq(households.nodeId, orgNodes.id))
      .innerJoin(persons, eq(persons.householdId, households.id))
      .where(eq(orgNodes.kind, 'building'))
      .groupBy(orgNodes.id, orgNodes.name)
      .orderBy(asc(orgNodes.name), asc(orgNodes.id))
      .limit(12);
  },
  async createdSince(db: AppDb, { cases }: Tables) {
    const since = new Date('2026-01-01T00:00:00+08:00');
    const [row] = await db.select({ n: count(), first: sql<number>`min(${cases.id})`.mapWith(Number) }).from(cases).where(and(gte(cases.createdAt, since)));
    return row;
  },
};

for (const [name, query] of Object.entries(queries)) {
  test(`${name}: the same answer on ${ENGINE} as on the demo's SQLite file`, async (t) => {
    const store = storeFor(t);
    if (!store) return;
    // Each database with its own engine's tables (the reference is SQLite whatever this process runs on).
    const expected = await query(reference.db, sqliteTables);
    const actual = await query(store.db, engineTables);
    assert.deepEqual(actual, expected);
    assert.ok(JSON.stringify(expected).length > 20, 'the demo gives the query something to find');
  });
}
