// Tests of saving the time-limits table: all cells or none, and an account of what changed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '@/db/testing';
import { eq } from 'drizzle-orm';
import { accounts, categories, timeLimits } from '@/db/schema';
import { parseLimitsForm, saveTimeLimits } from './time-limits';

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

  test('only changed cells are written, and each change is reported with before and after', () => {
    const { db, close } = openTestDatabase({ demo: true });
    try {
      const [first] = db.select().from(categories).limit(1).all();
      const before = db.select().from(timeLimits).all().filter((l) => l.categoryId === first!.id);
      const normal = before.find((l) => l.urgency === 'normal')!;
      const urgent = before.find((l) => l.urgency === 'urgent')!;
      const parsed = parseLimitsForm([
        [`accept.${first!.id}.normal`, String(normal.acceptHours)],
        [`resolve.${first!.id}.normal`, String(normal.resolveHours)],
        [`accept.${first!.id}.urgent`, '1'],
        [`resolve.${first!.id}.urgent`, String(urgent.resolveHours)],
      ]);
      assert.ok(parsed.ok);
      const admin = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'admin')).get()!;
      const saved = saveTimeLimits(db, admin.id, parsed.limits);
      assert.ok(saved.ok);
      assert.equal(saved.changes.length, 1);
      assert.equal(saved.changes[0]!.urgencyLabel, '紧急');
      assert.equal(saved.changes[0]!.after.acceptHours, 1);
      const now = db.select().from(timeLimits).all().find((l) => l.categoryId === first!.id && l.urgency === 'urgent');
      assert.equal(now!.acceptHours, 1);
    } finally {
      close();
    }
  });

  test('two admins with the page open: a cell one did not touch keeps the other\'s change, and a cell both changed is refused', () => {
    const { db, close } = openTestDatabase({ demo: true });
    try {
      const [first] = db.select().from(categories).limit(1).all();
      const id = first!.id;
      const cell = (u: 'normal' | 'urgent') => db.select().from(timeLimits).all().find((l) => l.categoryId === id && l.urgency === u)!;
      const normal = cell('normal');
      const urgent = cell('urgent');
      const admin = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'admin')).get()!;
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
      assert.equal((saveTimeLimits(db, admin.id, a.limits) as { changes: unknown[] }).changes.length, 1);
      const b = parseLimitsForm(form(normal.resolveHours, urgent.resolveHours + 1));
      assert.ok(b.ok);
      const saved = saveTimeLimits(db, admin.id, b.limits);
      assert.ok(saved.ok);
      assert.equal(saved.changes.length, 1, 'only the cell B edited');
      assert.equal(cell('normal').resolveHours, normal.resolveHours + 1, "A's change stays");
      assert.equal(cell('urgent').resolveHours, urgent.resolveHours + 1);

      // C's page is older still and edits 一般 too: refused, nothing written.
      const c = parseLimitsForm(form(normal.resolveHours + 5, urgent.resolveHours + 7));
      assert.ok(c.ok);
      const refused = saveTimeLimits(db, admin.id, c.limits);
      assert.equal(refused.ok, false);
      assert.match((refused as { message: string }).message, /刚被他人改为/);
      assert.equal(cell('urgent').resolveHours, urgent.resolveHours + 1);
    } finally {
      close();
    }
  });
});
