// A client key makes a logged request idempotent: the same key from the same account is one case, on the store of
// this test process's engine (SQLite in test:unit, PostgreSQL in test:unit:pg). Who is who comes from the demo
// generated into SQLite, the same rows and ids as the store's demo.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { count, eq } from 'drizzle-orm';
import { accounts, orgNodes } from '@/db/schema';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import * as t from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from './actor';
import { createCase, hashToken } from './commands';

const storeFor = registerTestStore({ demo: true });
const { db: fixtures, close } = openTestDatabase({ demo: true });
after(close);

function actorOf(username: string) {
  const account = fixtures.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!;
  return actorFromUser(loadUserSync(fixtures, account.id)!);
}

const wg01 = actorOf('wg01');
const shuji = actorOf('shuji');
const grid = fixtures.select().from(orgNodes).where(eq(orgNodes.id, loadUserSync(fixtures, wg01.id)!.scopeNodes[0]!.id)).get()!;
const input = { description: '3号楼楼道灯不亮，晚上老人上下楼不方便', source: 'wish_box' as const, nodeId: grid.id, urgency: 'normal' as const };
const caseCount = async (store: Store) => (await store.db.select({ n: count() }).from(t.cases))[0]!.n;

test('the same client key twice from the same account logs one case', async (tc) => {
  const store = storeFor(tc);
  if (!store) return;
  const before = await caseCount(store);
  const first = await createCase(store, wg01, { ...input, clientKey: 'draft-0001-aaaaaaaaaaaa' }, []);
  const again = await createCase(store, wg01, { ...input, clientKey: 'draft-0001-aaaaaaaaaaaa' }, []);
  assert.ok(first.ok && again.ok);
  assert.equal(again.number, first.number);
  assert.equal(again.id, first.id);
  assert.equal(first.replayed, undefined);
  assert.equal(again.replayed, true);
  assert.equal(await caseCount(store), before + 1);
});

test('the retry gets a working status-link token (the lost first one no longer works)', async (tc) => {
  const store = storeFor(tc);
  if (!store) return;
  const first = await createCase(store, wg01, { ...input, clientKey: 'draft-0002-bbbbbbbbbbbb' }, []);
  const again = await createCase(store, wg01, { ...input, clientKey: 'draft-0002-bbbbbbbbbbbb' }, []);
  assert.ok(first.ok && again.ok);
  const [row] = await store.db.select({ hash: t.cases.publicTokenHash }).from(t.cases).where(eq(t.cases.id, first.id)).limit(1);
  assert.equal(row!.hash, hashToken(again.token));
  assert.notEqual(row!.hash, hashToken(first.token));
});

test('another account reusing a key is refused and logs nothing', async (tc) => {
  const store = storeFor(tc);
  if (!store) return;
  const first = await createCase(store, wg01, { ...input, clientKey: 'draft-0003-cccccccccccc' }, []);
  assert.ok(first.ok);
  const before = await caseCount(store);
  const other = await createCase(store, shuji, { ...input, clientKey: 'draft-0003-cccccccccccc' }, []);
  assert.equal(other.ok, false);
  assert.equal(!other.ok && other.code, 'conflict');
  assert.equal(await caseCount(store), before);
});

test('different keys, or no key, log separate cases', async (tc) => {
  const store = storeFor(tc);
  if (!store) return;
  const before = await caseCount(store);
  const a = await createCase(store, wg01, { ...input, clientKey: 'draft-0004-dddddddddddd' }, []);
  const b = await createCase(store, wg01, { ...input, clientKey: 'draft-0005-eeeeeeeeeeee' }, []);
  const c = await createCase(store, wg01, input, []);
  const d = await createCase(store, wg01, input, []);
  assert.ok(a.ok && b.ok && c.ok && d.ok);
  assert.equal(new Set([a.number, b.number, c.number, d.number]).size, 4);
  assert.equal(await caseCount(store), before + 4);
});

test('a refused first attempt does not use up the key', async (tc) => {
  const store = storeFor(tc);
  if (!store) return;
  const refused = await createCase(store, wg01, { ...input, nodeId: 999_999, clientKey: 'draft-0006-ffffffffffff' }, []);
  assert.equal(refused.ok, false);
  const fixed = await createCase(store, wg01, { ...input, clientKey: 'draft-0006-ffffffffffff' }, []);
  assert.ok(fixed.ok);
  assert.equal(fixed.replayed, undefined);
});
