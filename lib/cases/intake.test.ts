// Staff intake on the store, on the engine of this test process (test:unit SQLite, test:unit:pg PostgreSQL). Who is
// who comes from the demo generated into SQLite (the same rows and ids as the store's demo).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { count, eq } from 'drizzle-orm';
import { accounts, orgNodes } from '@/db/schema';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { cases } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from './actor';
import { batchSchema, logBatch, staffCaseSchema } from './intake';

const storeFor = registerTestStore({ demo: true });
const { db, close } = openTestDatabase({ demo: true });
after(close);

const account = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'wg01')).get()!;
const wg01 = loadUserSync(db, account.id)!;
const building = db.select().from(orgNodes).where(eq(orgNodes.parentId, wg01.scopeNodes[0]!.id)).get()!;
const caseCount = async (store: Store) => (await store.db.select({ n: count() }).from(cases))[0]!.n;

test('the staff form refuses the residents\' own channel and an unchosen place, in words a worker understands', () => {
  const result = staffCaseSchema.safeParse({ clientKey: 'k'.repeat(20), description: '路灯不亮', source: 'online', nodeId: '' });
  assert.equal(result.success, false);
  const messages = result.error!.issues.map((i) => i.message);
  assert.ok(messages.includes('请选择来源渠道'));
  assert.ok(messages.includes('请选择楼栋或网格'));
});

test('a batch logs the good slips, reports the bad one per row, and a resend logs nothing twice', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const batch = batchSchema.parse({
    nodeId: String(building.id),
    source: 'wish_box',
    rows: [
      { clientKey: 'slip-0001-aaaaaaaaaaaa', description: '希望小区多装几个充电桩', place: '2单元 502', residentName: '李大爷', residentPhone: '13900001111' },
      { clientKey: 'slip-0002-bbbbbbbbbbbb', description: '楼下垃圾桶满了', residentPhone: '12345' },
      { clientKey: 'slip-0003-cccccccccccc', description: '独居老人想请人帮忙买菜' },
    ],
  });
  const before = await caseCount(store);
  const results = await logBatch(store, actorFromUser(wg01), batch);
  assert.deepEqual(
    results.map((r) => r.ok),
    [true, false, true],
  );
  const bad = results[1]!;
  assert.ok(!bad.ok && bad.fieldErrors?.residentPhone?.[0] === '请输入 11 位手机号码');
  assert.equal(await caseCount(store), before + 2);
  const [first, , third] = results;
  assert.ok(first?.ok && third?.ok && third.number > first.number, 'numbered in the order of the stack');

  const again = await logBatch(store, actorFromUser(wg01), batch);
  assert.equal(await caseCount(store), before + 2);
  assert.deepEqual(
    again.map((r) => (r.ok ? r.number : null)),
    results.map((r) => (r.ok ? r.number : null)),
  );
  assert.ok(again[0]!.ok && again[0]!.replayed);

  const [logged] = await store.db.select().from(cases).where(eq(cases.clientKey, 'slip-0001-aaaaaaaaaaaa'));
  assert.ok(logged);
  assert.equal(logged.source, 'wish_box');
  assert.equal(logged.nodeId, building.id);
  assert.equal(logged.place, '2单元 502');
  assert.equal(logged.residentName, '李大爷');
});

test('a batch at a place outside the scope logs nothing', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const elsewhere = db.select().from(orgNodes).where(eq(orgNodes.name, '府前花园')).get()!;
  const batch = batchSchema.parse({ nodeId: elsewhere.id, source: 'wish_box', rows: [{ clientKey: 'slip-0004-dddddddddddd', description: '路灯不亮' }] });
  const before = await caseCount(store);
  const [result] = await logBatch(store, actorFromUser(wg01), batch);
  assert.ok(result && !result.ok && result.fieldErrors?.nodeId);
  assert.equal(await caseCount(store), before);
});

test('a batch holds at most 50 slips', () => {
  const rows = Array.from({ length: 51 }, (_, i) => ({ clientKey: `slip-${String(i).padStart(16, '0')}`, description: '路灯不亮' }));
  assert.equal(batchSchema.safeParse({ nodeId: building.id, source: 'wish_box', rows }).success, false);
});

test('a place that is an object with no usable text is refused as invalid, not a crash (found by the schema property test)', () => {
  // A server action's arguments arrive decoded from the request: any JSON shape, including one whose toString is not a function.
  for (const nodeId of [JSON.parse('{"toString":1}'), [JSON.parse('{"toString":1}')], Object.create(null)]) {
    const batch = batchSchema.safeParse({ nodeId, source: 'wish_box', rows: [{ clientKey: 'slip-0009-iiiiiiiiiiii', description: '路灯不亮' }] });
    assert.equal(batch.success, false);
    assert.equal(staffCaseSchema.safeParse({ clientKey: 'k'.repeat(20), description: '路灯不亮', source: 'patrol', nodeId }).success, false);
  }
});
