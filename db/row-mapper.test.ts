// rowMapper must give exactly the objects drizzle's own .all() gives for the same select: dates, booleans, enums,
// numbers, and null for a left join that found nothing.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { firstWholeRow, rowMapper } from './row-mapper';
import { accounts, cases, categories, orgNodes } from './schema';
import { openTestDatabase } from './testing';

const { db, close } = openTestDatabase({ demo: true, cases: 300 });
after(close);

const handler = alias(accounts, 'handler');
const fields = {
  id: cases.id,
  number: cases.number,
  status: cases.status,
  categoryName: categories.name,
  placeName: orgNodes.name,
  handlerName: handler.displayName,
  supervised: cases.supervised,
  createdAt: cases.createdAt,
  resolveDueAt: cases.resolveDueAt,
  rating: cases.rating,
  reopenCount: cases.reopenCount,
};

test('a row read as an array and mapped equals the row drizzle maps, for every kind of column and for nulls', () => {
  // An inner join, and left joins, one of which finds nothing for the requests no one has taken yet.
  const query = db
    .select(fields)
    .from(cases)
    .innerJoin(orgNodes, eq(orgNodes.id, cases.nodeId))
    .leftJoin(categories, eq(categories.id, cases.categoryId))
    .leftJoin(handler, eq(handler.id, cases.handlerAccountId))
    .orderBy(desc(cases.id))
    .prepare();
  const want = query.all();
  const got = query.values().map(rowMapper<(typeof want)[number]>(fields));
  assert.deepEqual(got, want);
  // The sample holds what the mapping must get right, not only the easy cases.
  assert.ok(want.length >= 300);
  assert.ok(want.some((r) => r.handlerName === null) && want.some((r) => r.handlerName !== null), 'handled and unhandled');
  assert.ok(want.some((r) => r.supervised) && want.some((r) => !r.supervised), 'both booleans');
  assert.ok(want.some((r) => r.resolveDueAt instanceof Date) && want.some((r) => r.resolveDueAt === null), 'dates and null dates');
  assert.ok(want.some((r) => r.rating !== null), 'rated cases');
});

test('anything but a table column is refused when the mapper is built', () => {
  assert.throws(() => rowMapper({ id: cases.id, n: sql<number>`1` }), /n is not a table column/);
});

test('firstWholeRow gives what .get() gives for whole cases and nodes, selected or returned, and undefined for no row', () => {
  const byId = db.select().from(cases).where(eq(cases.id, sql.placeholder('id'))).prepare();
  const caseById = firstWholeRow(cases, byId);
  const ids = db.select({ id: cases.id }).from(cases).all().map((r) => r.id);
  const seen = ids.map((id) => {
    const want = byId.get({ id });
    assert.deepEqual(caseById({ id }), want, `case ${id}`);
    return want!;
  });
  assert.ok(seen.length >= 300);
  assert.ok(seen.some((c) => c.resolvedAt instanceof Date) && seen.some((c) => c.resolvedAt === null), 'dates and null dates');
  assert.ok(seen.some((c) => c.supervised) && seen.some((c) => !c.supervised), 'both booleans');
  assert.equal(caseById({ id: -1 }), undefined);

  const nodeById = db.select().from(orgNodes).where(eq(orgNodes.id, sql.placeholder('id'))).prepare();
  const node = firstWholeRow(orgNodes, nodeById);
  for (const { id } of db.select({ id: orgNodes.id }).from(orgNodes).all()) assert.deepEqual(node({ id }), nodeById.get({ id }));

  // A bare .returning() lists the columns in the same order as select().
  const touch = db.update(cases).set({ version: sql`${cases.version}` }).where(eq(cases.id, sql.placeholder('id'))).returning().prepare();
  const touched = firstWholeRow(cases, touch);
  for (const id of ids.slice(0, 50)) assert.deepEqual(touched({ id }), byId.get({ id }));
});
