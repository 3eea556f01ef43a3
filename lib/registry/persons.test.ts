// Residents' ID numbers (checked, unique, masked for all but the administrator) and the 80岁以上 register computed as time passes.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, like } from 'drizzle-orm';
import { accounts, orgNodes } from '@/db/schema';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { auditLog, households, persons } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { countCareTags } from '@/lib/org/care';
import { getHousehold } from '@/lib/org/households';
import { getOrgTree, listHouseholdsOfNode } from '@/lib/org/queries';
import { createHousehold } from './households';
import { idNumberCheckChar } from './identity';
import { createResident, setResidentStatus, updateResident } from './persons';

// On the engine of this test process (npm run test:unit: SQLite; test:unit:pg: PostgreSQL). Who is who and the
// tree (not changed here) come from the same demo generated into SQLite: loadUser has not moved to the store yet.
const storeFor = registerTestStore({ demo: true });
const { db: fixtures, close } = openTestDatabase({ demo: true });
after(close);

const userOf = (username: string) => loadUserSync(fixtures, fixtures.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!;
const withCheck = (first17: string) => first17 + idNumberCheckChar(first17);
const wg01 = userOf('wg01');
const gridA = wg01.scopeNodes[0]!;
const building = fixtures.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${gridA.path}%`))).get()!;

async function newHousehold(store: Store, room: string) {
  const r = await createHousehold(store, wg01, { nodeId: building.id, unit: '8单元', room, size: 1, address: '' });
  assert.ok(r.ok);
  return r.id;
}

test('an ID number is checked (format, date, checksum), fills in date of birth and gender, and must agree with them', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  const h = await newHousehold(store, '801');
  const id = withCheck('14232919460315123'); // born 1946-03-15, odd 17th digit: a man
  const bad: [Record<string, string>, string, RegExp][] = [
    [{ idNumber: '14232919460315' }, 'idNumber', /18位/],
    [{ idNumber: `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}` }, 'idNumber', /校验位/],
    [{ idNumber: withCheck('14232919461315123') }, 'idNumber', /出生日期/],
    [{ idNumber: id, birthDate: '1950-01-01' }, 'birthDate', /不一致/],
    [{ idNumber: id, gender: 'F' }, 'gender', /不一致/],
    [{ birthDate: '2999-01-01', gender: 'M' }, 'birthDate', /不能晚于今天/],
    [{ phone: '12345', gender: 'M' }, 'phone', /电话号码/],
    [{ name: '', gender: 'M' }, 'name', /姓名/],
  ];
  for (const [input, field, message] of bad) {
    const r = await createResident(store, wg01, h, { name: '王建国', relation: 'head', ...input });
    assert.ok(!r.ok && !r.notFound && message.test(r.fieldErrors[field] ?? ''), `${JSON.stringify(input)} → ${JSON.stringify(r)}`);
  }
  assert.equal((await db.select().from(persons).where(eq(persons.householdId, h))).length, 0, 'nothing stored');
  const ok = await createResident(store, wg01, h, { name: '王建国', relation: 'head', idNumber: id.toLowerCase(), phone: '139 0000 8801' });
  assert.ok(ok.ok);
  const [stored] = await db.select().from(persons).where(eq(persons.id, ok.id));
  assert.deepEqual([stored!.idNumber, stored!.birthDate, stored!.gender, stored!.phone], [id, '1946-03-15', 'M', '13900008801']);
  // The same number for a second person is refused.
  const again = await createResident(store, wg01, await newHousehold(store, '802'), { name: '冒名', relation: 'head', idNumber: id });
  assert.ok(!again.ok && !again.notFound && /已登记/.test(again.fieldErrors.idNumber!));
});

test('ID numbers are shown masked to everyone but the administrator, and the audit log keeps them masked', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  const h = await newHousehold(store, '803');
  const id = withCheck('14232919800101002');
  const created = await createResident(store, userOf('shuji'), h, { name: '李芳', relation: 'head', idNumber: id });
  assert.ok(created.ok);
  const personId: number = created.id;
  const masked = `${id.slice(0, 4)}**********${id.slice(-4)}`;
  const idShown = async (username: string, reveal: boolean): Promise<string | null> =>
    (await getHousehold(db, userOf(username).scope, h, { revealIdNumbers: reveal }))!.members.find((m) => m.id === personId)!.idNumber;
  for (const username of ['wg01', 'shuji', 'zhenshuji']) assert.equal(await idShown(username, false), masked, username);
  assert.equal(await idShown('admin', true), id);
  const details = await db.select({ detail: auditLog.detail }).from(auditLog).where(eq(auditLog.subject, `person:${personId}`));
  assert.ok(details.length > 0);
  for (const d of details) assert.ok(!d.detail!.includes(id), 'no full ID number in the audit log');
});

test('editing a resident with the ID number left blank keeps it: a non-admin never has to type (or see) the full number', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  const h = await newHousehold(store, '804');
  const id = withCheck('14232919750505004');
  const created = await createResident(store, wg01, h, { name: '赵敏', relation: 'head', idNumber: id });
  assert.ok(created.ok);
  const r = await updateResident(store, wg01, created.id, { name: '赵敏', relation: 'head', phone: '13900008804', idNumber: '' });
  assert.deepEqual(r, { ok: true, changed: true });
  const [stored] = await db.select().from(persons).where(eq(persons.id, created.id));
  assert.deepEqual([stored!.idNumber, stored!.phone, stored!.gender], [id, '13900008804', 'F']);
});

test('the 80岁以上 register is computed from dates of birth: a resident enters it on their 80th birthday and leaves it when they die', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  const h = await newHousehold(store, '805');
  const created = await createResident(store, wg01, h, { name: '周老汉', relation: 'head', gender: 'M', birthDate: '1946-12-10' });
  assert.ok(created.ok);
  const tagsOn = async (today: string) => (await listHouseholdsOfNode(db, wg01.scope, building.id, { today })).find((x) => x.id === h)!.tags;
  assert.deepEqual(await tagsOn('2026-12-09'), []);
  assert.deepEqual(await tagsOn('2026-12-10'), ['elderly_80']);
  assert.deepEqual((await getHousehold(db, wg01.scope, h, { today: '2026-12-10' }))!.tags, ['elderly_80']);
  assert.equal((await getHousehold(db, wg01.scope, h, { today: '2026-12-09' }))!.tags.length, 0);

  const count = async (today: string) => (await countCareTags(db, wg01.scope, today)).elderly_80;
  const careHouseholds = async (today: string) => (await getOrgTree(db, wg01.scope, today))[0]!.counts.careHouseholds;
  assert.equal(await count('2026-12-10'), (await count('2026-12-09')) + 1);
  assert.equal(await careHouseholds('2026-12-10'), (await careHouseholds('2026-12-09')) + 1);
  assert.ok((await listHouseholdsOfNode(db, wg01.scope, building.id, { careOnly: true, today: '2026-12-10' })).some((x) => x.id === h));

  assert.ok((await setResidentStatus(store, wg01, created.id, { status: 'deceased', since: '2026-11-30' })).ok);
  assert.deepEqual(await tagsOn('2026-12-10'), [], 'a deceased resident is no longer in the register');
  assert.equal(await count('2026-12-10'), await count('2026-12-09'));
});

test('the demo register grows as time passes, with nothing stored', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  const shuji = userOf('shuji');
  const now = (await countCareTags(db, shuji.scope, '2026-11-01')).elderly_80;
  const later = (await countCareTags(db, shuji.scope, '2028-11-01')).elderly_80;
  assert.ok(now > 100, `${now}`);
  assert.ok(later > now, `${later} > ${now}`);
  const inTree = (await db.select().from(households).where(like(households.nodePath, `${gridA.path}%`))).length;
  assert.ok(inTree > 0);
});
