// Tests of saving the time-limits table: all cells or none, and an account of what changed. On the engine of this
// test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { asc, eq } from 'drizzle-orm';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { accounts, auditLog, categories, timeLimits } from '@/db/tables';
import { parseLimitsForm, saveTimeLimits } from './time-limits';

const storeFor = registerTestStore({ demo: true });

async function firstCategory(store: Store) {
  const [first] = await store.db.select().from(categories).orderBy(asc(categories.id)).limit(1);
  return first!;
}
async function adminId(store: Store) {
  const [admin] = await store.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'admin')).limit(1);
  return admin!.id;
}
const cellOf = async (store: Store, categoryId: number, u: 'normal' | 'urgent') =>
  (await store.db.select().from(timeLimits).where(eq(timeLimits.categoryId, categoryId))).find((l) => l.urgency === u)!;

describe('the time-limits table', () => {
  test('one invalid cell refuses the whole table, with a Chinese message for that cell', () => {
    const parsed = parseLimitsForm([
      ['accept.1.normal', '12'],
      ['resolve.1.normal', '48'],
      ['accept.2.urgent', '10'],
      ['resolve.2.urgent', '5'],
      ['accept.3.normal', ''],
      ['resolve.3.normal', '24'],
    ]);
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    assert.deepEqual(Object.keys(parsed.cellErrors).sort(), ['2.urgent', '3.normal']);
    assert.match(parsed.cellErrors['2.urgent']!, /办结时限不能短于受理时限/);
    assert.match(parsed.cellErrors['3.normal']!, /受理时限/);
  });

  test('only changed cells are written, and each change is reported with before and after', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    {
      const first = await firstCategory(store);
      const normal = await cellOf(store, first.id, 'normal');
      const urgent = await cellOf(store, first.id, 'urgent');
      const parsed = parseLimitsForm([
        [`accept.${first!.id}.normal`, String(normal.acceptHours)],
        [`resolve.${first!.id}.normal`, String(normal.resolveHours)],
        [`accept.${first!.id}.urgent`, '1'],
        [`resolve.${first!.id}.urgent`, String(urgent.resolveHours)],
      ]);
      assert.ok(parsed.ok);
      const saved = await saveTimeLimits(store, await adminId(store), parsed.limits);
      assert.ok(saved.ok);
      assert.equal(saved.changes.length, 1);
      assert.equal(saved.changes[0]!.urgencyLabel, '紧急');
      assert.equal(saved.changes[0]!.after.acceptHours, 1);
      assert.equal((await cellOf(store, first.id, 'urgent')).acceptHours, 1);
    }
  });

  test('two admins with the page open: a cell one did not touch keeps the other\'s change, and a cell both changed is refused', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    {
      const id = (await firstCategory(store)).id;
      const cell = (u: 'normal' | 'urgent') => cellOf(store, id, u);
      const normal = await cell('normal');
      const urgent = await cell('urgent');
      const admin = { id: await adminId(store) };
      // What both pages showed when opened.
      const form = (normalResolve: number, urgentResolve: number): [string, string][] => [
        [`accept.${id}.normal`, String(normal.acceptHours)],
        [`resolve.${id}.normal`, String(normalResolve)],
        [`was.accept.${id}.normal`, String(normal.acceptHours)],
        [`was.resolve.${id}.normal`, String(normal.resolveHours)],
        [`accept.${id}.urgent`, String(urgent.acceptHours)],
        [`resolve.${id}.urgent`, String(urgentResolve)],
        [`was.accept.${id}.urgent`, String(urgent.acceptHours)],
        [`was.resolve.${id}.urgent`, String(urgent.resolveHours)],
      ];
      // A changes 一般 and saves first; B, whose page still shows the old 一般, changes 紧急.
      const a = parseLimitsForm(form(normal.resolveHours + 1, urgent.resolveHours));
      assert.ok(a.ok);
      assert.equal(((await saveTimeLimits(store, admin.id, a.limits)) as { changes: unknown[] }).changes.length, 1);
      const b = parseLimitsForm(form(normal.resolveHours, urgent.resolveHours + 1));
      assert.ok(b.ok);
      const saved = await saveTimeLimits(store, admin.id, b.limits);
      assert.ok(saved.ok);
      assert.equal(saved.changes.length, 1, 'only the cell B edited');
      assert.equal((await cell('normal')).resolveHours, normal.resolveHours + 1, "A's change stays");
      assert.equal((await cell('urgent')).resolveHours, urgent.resolveHours + 1);

      // C's page is older still and edits 一般 too: refused, nothing written.
      const c = parseLimitsForm(form(normal.resolveHours + 5, urgent.resolveHours + 7));
      assert.ok(c.ok);
      const refused = await saveTimeLimits(store, admin.id, c.limits);
      assert.equal(refused.ok, false);
      assert.match((refused as { message: string }).message, /刚被他人改为/);
      assert.equal((await cell('urgent')).resolveHours, urgent.resolveHours + 1);
    }
  });

  test('ten admins saving the same cell at once from the same page: one change is saved and audited, the rest refused', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    const [, second] = await store.db.select().from(categories).orderBy(asc(categories.id)).limit(2);
    const id = second!.id;
    const shown = await cellOf(store, id, 'normal');
    const admin = await adminId(store);
    const forms = Array.from({ length: 10 }, (_, i) => {
      const parsed = parseLimitsForm([
        [`accept.${id}.normal`, String(shown.acceptHours)],
        [`resolve.${id}.normal`, String(shown.resolveHours + 1 + i)],
        [`was.accept.${id}.normal`, String(shown.acceptHours)],
        [`was.resolve.${id}.normal`, String(shown.resolveHours)],
      ]);
      assert.ok(parsed.ok);
      return parsed.limits;
    });
    const results = await Promise.all(forms.map((limits) => saveTimeLimits(store, admin, limits)));
    const saved = results.filter((r) => r.ok);
    assert.equal(saved.length, 1, 'exactly one admin saved');
    const after = await cellOf(store, id, 'normal');
    assert.equal(after.resolveHours, (saved[0] as { changes: { after: { resolveHours: number } }[] }).changes[0]!.after.resolveHours);
    const audited = await store.db.select().from(auditLog).where(eq(auditLog.subject, `time_limit:${id}:normal`));
    assert.equal(audited.length, 1, 'one audit row, for the one change');
  });
});
