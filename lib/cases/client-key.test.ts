import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { count, eq } from 'drizzle-orm';
import { accounts, cases, orgNodes } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from './actor';
import { createCaseSync, hashToken } from './commands';

const { db, close } = openTestDatabase({ demo: true });
after(close);

function actorOf(username: string) {
  const account = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!;
  return actorFromUser(loadUserSync(db, account.id)!);
}

const wg01 = actorOf('wg01');
const shuji = actorOf('shuji');
const grid = db.select().from(orgNodes).where(eq(orgNodes.id, loadUserSync(db, wg01.id)!.scopeNodes[0]!.id)).get()!;
const input = { description: '3号楼楼道灯不亮，晚上老人上下楼不方便', source: 'wish_box' as const, nodeId: grid.id, urgency: 'normal' as const };
const caseCount = () => db.select({ n: count() }).from(cases).get()!.n;

test('the same client key twice from the same account logs one case', () => {
  const before = caseCount();
  const first = createCaseSync(db, wg01, { ...input, clientKey: 'draft-0001-aaaaaaaaaaaa' }, []);
  const again = createCaseSync(db, wg01, { ...input, clientKey: 'draft-0001-aaaaaaaaaaaa' }, []);
  assert.ok(first.ok && again.ok);
  assert.equal(again.number, first.number);
  assert.equal(again.id, first.id);
  assert.equal(first.replayed, undefined);
  assert.equal(again.replayed, true);
  assert.equal(caseCount(), before + 1);
});

test('the retry gets a working status-link token (the lost first one no longer works)', () => {
  const first = createCaseSync(db, wg01, { ...input, clientKey: 'draft-0002-bbbbbbbbbbbb' }, []);
  const again = createCaseSync(db, wg01, { ...input, clientKey: 'draft-0002-bbbbbbbbbbbb' }, []);
  assert.ok(first.ok && again.ok);
  const row = db.select({ hash: cases.publicTokenHash }).from(cases).where(eq(cases.id, first.id)).get()!;
  assert.equal(row.hash, hashToken(again.token));
  assert.notEqual(row.hash, hashToken(first.token));
});

test('another account reusing a key is refused and logs nothing', () => {
  const first = createCaseSync(db, wg01, { ...input, clientKey: 'draft-0003-cccccccccccc' }, []);
  assert.ok(first.ok);
  const before = caseCount();
  const other = createCaseSync(db, shuji, { ...input, clientKey: 'draft-0003-cccccccccccc' }, []);
  assert.equal(other.ok, false);
  assert.equal(!other.ok && other.code, 'conflict');
  assert.equal(caseCount(), before);
});

test('different keys, or no key, log separate cases', () => {
  const before = caseCount();
  const a = createCaseSync(db, wg01, { ...input, clientKey: 'draft-0004-dddddddddddd' }, []);
  const b = createCaseSync(db, wg01, { ...input, clientKey: 'draft-0005-eeeeeeeeeeee' }, []);
  const c = createCaseSync(db, wg01, input, []);
  const d = createCaseSync(db, wg01, input, []);
  assert.ok(a.ok && b.ok && c.ok && d.ok);
  assert.equal(new Set([a.number, b.number, c.number, d.number]).size, 4);
  assert.equal(caseCount(), before + 4);
});

test('a refused first attempt does not use up the key', () => {
  const refused = createCaseSync(db, wg01, { ...input, nodeId: 999_999, clientKey: 'draft-0006-ffffffffffff' }, []);
  assert.equal(refused.ok, false);
  const fixed = createCaseSync(db, wg01, { ...input, clientKey: 'draft-0006-ffffffffffff' }, []);
  assert.ok(fixed.ok);
  assert.equal(fixed.replayed, undefined);
});
