// Property tests of the boundary: random input into every zod schema never throws, and a refused input through its command stores nothing.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import '@/lib/testing/fast-check-seed';
import { count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { accounts, caseEvents, cases, notifications } from '@/db/schema';
import { openSqliteStore } from '@/db/store';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { performBulkAction } from '@/lib/desk/bulk';
import { filtersToSearchParams, parseQueueFilters, searchParamsToObject } from '@/lib/desk/filters';
import { bulkActionSchema } from '@/lib/desk/schemas';
import { monthDays, monthSchema, monthSpan } from '@/lib/desk/month';
import { resolvePeriod, statsQuerySchema } from '@/lib/stats/period';
import { actorFromUser } from './actor';
import { createCaseSync, performActionSync } from './commands';
import type { Actor } from './lifecycle';
import { actionSchema, createCaseSchema } from './schemas';

// ---- which schemas: every schemas.ts in lib, and the other modules that parse input at the edge ---------

const EDGE_MODULES = ['lib/desk/filters.ts', 'lib/desk/month.ts', 'lib/stats/period.ts', 'lib/cases/intake.ts', 'lib/cases/public-view.ts', 'lib/cases/intake-points.ts', 'lib/admin/time-limits.ts'];

function schemaModules(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name === 'schemas.ts') found.push(path.join(dir, e.name));
    }
  };
  walk('lib');
  return [...found, ...EDGE_MODULES].sort();
}

async function loadSchemas(): Promise<[string, z.ZodType][]> {
  const schemas: [string, z.ZodType][] = [];
  for (const file of schemaModules()) {
    const mod = (await import(path.resolve(file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (value instanceof z.ZodType) schemas.push([`${file}#${name}`, value]);
  }
  return schemas;
}

// ---- inputs: anything at all, and objects shaped nearly like a form or API body --------------

const FIELD_NAMES = [
  'description', 'source', 'nodeId', 'householdId', 'categoryId', 'urgency', 'place', 'residentName', 'residentPhone', 'wantsCallback',
  'action', 'version', 'reason', 'note', 'duplicateOf', 'accountId', 'unitId', 'hours', 'grant', 'rating', 'comment', 'dueAt',
  'status', 'page', 'pageSize', 'gridId', 'buildingId', 'overdue', 'supervised', 'q', 'from', 'to', 'period', 'month', 'view', 'sort',
  'login', 'password', 'name', 'tokenId', 'items', 'number', 'clientKey', 'rows', 'acceptHours', 'resolveHours', 'handler', 'createdFrom',
];
// Dates within what people type; years 0000 and 9999 crash pages elsewhere and are being fixed separately.
const day = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true });
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.integer({ min: -2, max: 40 }).map(String),
  fc.constantFrom('', ' ', 'true', 'false', 'on', '1', '0', 'null', 'submitted', 'accepted', 'accept', 'supervise', 'rate', 'normal', 'urgent', 'patrol', 'hotline_12345', 'satisfied', 'unsatisfied', 'custom', 'this_month', 'overdue', 'YH20261124-0001', '13800001234', '2026-11', '2026-13', '2026-11-24', '2026-11-24T18:00', '龙湖花园 3号楼'),
  day.map((d) => d.toISOString()),
  day.map((d) => d.toISOString().slice(0, 10)),
  day.map((d) => d.toISOString().slice(0, 7)),
  fc.array(fc.oneof(fc.string(), fc.integer({ min: 1, max: 50 })), { maxLength: 4 }),
  fc.array(fc.record({ number: fc.constantFrom('YH20261124-0001', 'x'), version: fc.integer({ min: -1, max: 5 }) }), { maxLength: 3 }),
  fc.constantFrom(null, undefined, true, false, {}, []),
);
const nearForm = fc.dictionary(fc.constantFrom(...FIELD_NAMES), value, { maxKeys: 8 });
const input = fc.oneof(nearForm, fc.anything({ withDate: true, withMap: true, withSet: true, withBigInt: true, withNullPrototype: true }), value);

test('every boundary schema answers any input with a result, never an exception', async () => {
  const schemas = await loadSchemas();
  assert.ok(schemas.length >= 20, `found ${schemas.length} schemas`);
  for (const [name, schema] of schemas) {
    fc.assert(
      fc.property(input, (raw) => {
        const result = schema.safeParse(raw);
        assert.equal(typeof result.success, 'boolean', name);
      }),
      { numRuns: 150 },
    );
  }
});

test('what the lenient parsers accept, the code behind them can use without crashing, and queue filters survive their URL', () => {
  fc.assert(
    fc.property(nearForm, (raw) => {
      const { filters, problems } = parseQueueFilters(raw);
      assert.ok(Array.isArray(problems));
      // "All filters live in the URL": what the queue parsed comes back unchanged from the link it writes.
      const again = parseQueueFilters(searchParamsToObject(filtersToSearchParams(filters)));
      const defined = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
      assert.deepEqual(defined(again.filters), defined(filters));
      assert.deepEqual(again.problems, []);
      const stats = statsQuerySchema.safeParse(raw);
      if (stats.success) resolvePeriod(stats.data, new Date());
      const month = monthSchema.safeParse(raw.month);
      if (month.success) {
        monthSpan(month.data);
        monthDays(month.data);
      }
    }),
    { numRuns: 400 },
  );
});

// ---- refused input stores nothing --------------------------------------------------------------

const { db, sqlite, file, close } = openTestDatabase({ demo: true });
// The bulk actions are on the store (lib/desk/bulk.ts), writing through this very connection.
const store = openSqliteStore(file, { writer: sqlite });
after(async () => {
  await store.close();
  close();
});

const actor = (username: string) => actorFromUser(loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!);
const ACTORS: Actor[] = ['admin', 'shuji', 'fqshuji', 'wg01', 'wg02', 'dy01', 'dw01'].map(actor);
const totals = () => ({
  cases: db.select({ n: count() }).from(cases).get()!.n,
  events: db.select({ n: count() }).from(caseEvents).get()!.n,
  notifications: db.select({ n: count() }).from(notifications).get()!.n,
  versions: db.select({ v: cases.version }).from(cases).all().reduce((s, r) => s + r.v, 0),
});

// A few real cases to act on, in two grids.
for (const by of [ACTORS[3]!, ACTORS[4]!]) {
  const scope = (by as { scope: { paths: readonly string[] } }).scope.paths[0]!;
  const grid = Number(scope.split('/').filter(Boolean).pop());
  assert.ok(createCaseSync(db, by, { description: '属性测试事项', source: 'patrol', nodeId: grid, urgency: 'normal' }, []).ok);
}
const numbers = db.select({ number: cases.number }).from(cases).all().slice(-2).map((r) => r.number);

test('a body the commands refuse — after the schema or by the rules — stores nothing', async () => {
  const bodyArb = fc.record({
    who: fc.nat({ max: ACTORS.length - 1 }),
    target: fc.constantFrom(...numbers, 'YH19990101-0001'),
    raw: fc.oneof(nearForm, fc.record({ action: fc.constantFrom('accept', 'reject', 'supervise', 'progress', 'rate', 'claim', 'assign_worker'), version: fc.constantFrom(0, 1, '0', -1), note: value, reason: value, categoryId: value, accountId: value, dueAt: value })),
    create: fc.record({ description: value, source: value, nodeId: fc.oneof(fc.integer({ min: 1, max: 40 }), value), householdId: fc.option(fc.integer({ min: 1, max: 5000 })), categoryId: fc.option(value) }),
  });
  await fc.assert(
    fc.asyncProperty(bodyArb, async ({ who, target, raw, create }) => {
      const by = ACTORS[who]!;
      const before = totals();

      // The API and the case page: parse, then act only on a parsed body.
      const action = actionSchema.safeParse(raw);
      const acted = action.success ? performActionSync(db, by, { number: target }, action.data) : null;
      const version = typeof raw.version === 'number' || typeof raw.version === 'string' ? raw.version : '';
      const bulk = bulkActionSchema.safeParse({ ...raw, items: [`${target}:${version}`] });
      const bulked = bulk.success ? await performBulkAction(store, by, bulk.data) : [];
      const created = createCaseSchema.safeParse(create);
      const made = created.success ? createCaseSync(db, by, created.data, []) : null;

      const after = totals();
      const acceptedActions = (acted?.ok ? 1 : 0) + bulked.filter((r) => r.ok).length;
      assert.equal(after.events - before.events, acceptedActions + (made?.ok ? 1 : 0), 'one event per accepted command, none for a refusal');
      assert.equal(after.cases - before.cases, made?.ok ? 1 : 0, 'a case only when logging succeeded');
      assert.equal(after.versions - before.versions, acceptedActions, 'versions move only with accepted actions');
      if (acceptedActions === 0 && !made?.ok) assert.deepEqual(after, before, 'refused everywhere: nothing stored');
    }),
    { numRuns: 300 },
  );
});
