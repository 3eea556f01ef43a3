import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { count, eq } from 'drizzle-orm';
import { accounts, cases, orgNodes } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from './actor';
import { batchSchema, logBatch, staffCaseSchema } from './intake';

const { db, close } = openTestDatabase({ demo: true });
after(close);

const account = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'wg01')).get()!;
const wg01 = loadUserSync(db, account.id)!;
const building = db.select().from(orgNodes).where(eq(orgNodes.parentId, wg01.scopeNodes[0]!.id)).get()!;
const caseCount = () => db.select({ n: count() }).from(cases).get()!.n;

test('the staff form refuses the residents\' own channel and an unchosen place, in words a worker understands', () => {
  const result = staffCaseSchema.safeParse({ clientKey: 'k'.repeat(20), description: '路灯不亮', source: 'online', nodeId: '' });
  assert.equal(result.success, false);
  const messages = result.error!.issues.map((i) => i.message);
  assert.ok(messages.includes('请选择来源渠道'));
  assert.ok(messages.includes('请选择楼栋或网格'));
});

test('a batch logs the good slips, reports the bad one per row, and a resend logs nothing twice', () => {
  const batch = batchSchema.parse({
    nodeId: String(building.id),
    source: 'wish_box',
    rows: [
      { clientKey: 'slip-0001-aaaaaaaaaaaa', description: '希望小区多装几个充电桩', place: '2单元 502', residentName: '李大爷', residentPhone: '13900001111' },
      { clientKey: 'slip-0002-bbbbbbbbbbbb', description: '楼下垃圾桶满了', residentPhone: '12345' },
      { clientKey: 'slip-0003-cccccccccccc', description: '独居老人想请人帮忙买菜' },
    ],
  });
  const before = caseCount();
  const results = logBatch(db, actorFromUser(wg01), batch);
  assert.deepEqual(
    results.map((r) => r.ok),
    [true, false, true],
  );
  const bad = results[1]!;
  assert.ok(!bad.ok && bad.fieldErrors?.residentPhone?.[0] === '请输入 11 位手机号码');
  assert.equal(caseCount(), before + 2);

  const again = logBatch(db, actorFromUser(wg01), batch);
  assert.equal(caseCount(), before + 2);
  assert.deepEqual(
    again.map((r) => (r.ok ? r.number : null)),
    results.map((r) => (r.ok ? r.number : null)),
  );
  assert.ok(again[0]!.ok && again[0]!.replayed);

  const logged = db.select().from(cases).where(eq(cases.clientKey, 'slip-0001-aaaaaaaaaaaa')).get()!;
  assert.equal(logged.source, 'wish_box');
  assert.equal(logged.nodeId, building.id);
  assert.equal(logged.place, '2单元 502');
  assert.equal(logged.residentName, '李大爷');
});

test('a batch at a place outside the scope logs nothing', () => {
  const elsewhere = db.select().from(orgNodes).where(eq(orgNodes.name, '府前花园')).get()!;
  const batch = batchSchema.parse({ nodeId: elsewhere.id, source: 'wish_box', rows: [{ clientKey: 'slip-0004-dddddddddddd', description: '路灯不亮' }] });
  const before = caseCount();
  const [result] = logBatch(db, actorFromUser(wg01), batch);
  assert.ok(result && !result.ok && result.fieldErrors?.nodeId);
  assert.equal(caseCount(), before);
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
