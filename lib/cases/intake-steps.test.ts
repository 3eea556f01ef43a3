// Tests of a grid worker's own intake: accepted at intake, and 当场办结 (logged and resolved in one step) through the state machine.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, count, eq, like } from 'drizzle-orm';
import { accounts, categories, orgNodes } from '@/db/schema';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import * as t from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from './actor';
import { createCase, performAction, type StoredPhoto } from './commands';
import { intakeSteps } from './lifecycle';

// The commands run on the store of this test process's engine (SQLite in test:unit, PostgreSQL in test:unit:pg);
// who is who comes from the demo generated into SQLite, the same rows and ids as the store's demo.
const storeFor = registerTestStore({ demo: true });
const { db: fixtures, close } = openTestDatabase({ demo: true });
after(close);

const actor = (username: string) => actorFromUser(loadUserSync(fixtures, fixtures.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!);
const wg01 = actor('wg01');
const shuji = actor('shuji');
const dy01 = actor('dy01');
const longsheng = fixtures.select().from(orgNodes).where(eq(orgNodes.name, '龙盛华庭')).get()!;
const building = fixtures.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${longsheng.path}%`))).orderBy(asc(orgNodes.id)).get()!;
const STREET_LIGHT = fixtures.select({ id: categories.id }).from(categories).where(eq(categories.code, 'street_light')).get()!.id;
const NOW = new Date('2026-04-01T02:00:00Z');

const base = { description: '3号楼门口路灯不亮', source: 'patrol' as const, nodeId: building.id, urgency: 'normal' as const, ownIntake: true };
const eventsOf = (store: Store, id: number) => store.db.select().from(t.caseEvents).where(eq(t.caseEvents.caseId, id)).orderBy(asc(t.caseEvents.id));
const rowOf = async (store: Store, id: number) => (await store.db.select().from(t.cases).where(eq(t.cases.id, id)).limit(1))[0]!;
const countOf = async (store: Store, table: typeof t.cases | typeof t.notifications) => (await store.db.select({ n: count() }).from(table))[0]!.n;
const photo: StoredPhoto = { fileName: 'fix.jpg', mime: 'image/jpeg', width: 10, height: 10, bytes: 100 };

describe('intakeSteps (the rule)', () => {
  test('a grid worker with a category: accept; with a resolution: accept, take, resolve', () => {
    assert.deepEqual(intakeSteps(wg01, { ownIntake: true, categoryId: 3, urgency: 'normal' }).map((s) => s.action), ['accept']);
    assert.deepEqual(intakeSteps(wg01, { ownIntake: true, categoryId: 3, urgency: 'urgent', resolution: '换了灯泡' }).map((s) => s.action), ['accept', 'handle_self', 'resolve']);
  });
  test('no category, or anyone but a grid worker: the request waits for triage', () => {
    assert.deepEqual(intakeSteps(wg01, { ownIntake: true, urgency: 'normal', resolution: '换了灯泡' }), []);
    assert.deepEqual(intakeSteps(wg01, { categoryId: 3, urgency: 'normal' }), [], 'not logged on their own intake form (e.g. the API)');
    assert.deepEqual(intakeSteps(shuji, { ownIntake: true, categoryId: 3, urgency: 'normal' }), []);
    assert.deepEqual(intakeSteps(dy01, { ownIntake: true, categoryId: 3, urgency: 'normal', resolution: 'x' }), []);
    assert.deepEqual(intakeSteps({ kind: 'resident' }, { categoryId: 3, urgency: 'normal' }), []);
  });
});

describe("a grid worker's own intake", () => {
  test('with a category it starts accepted: submit and accept events, resolve deadline running, nobody notified', async (tc) => {
    const store = storeFor(tc);
    if (!store) return;
    const before = await countOf(store, t.notifications);
    const c = await createCase(store, wg01, { ...base, categoryId: STREET_LIGHT }, [], NOW);
    assert.ok(c.ok);
    const r = await rowOf(store, c.id);
    assert.equal(r.status, 'accepted');
    assert.equal(r.categoryId, STREET_LIGHT);
    assert.ok(r.resolveDueAt && r.resolveDueAt > NOW);
    assert.equal(c.version, 1);
    assert.deepEqual((await eventsOf(store, c.id)).map((e) => [e.action, e.fromStatus, e.toStatus, e.actorAccountId]), [
      ['submit', null, 'submitted', wg01.id],
      ['accept', 'submitted', 'accepted', wg01.id],
    ]);
    assert.equal(await countOf(store, t.notifications), before, 'a case already triaged is no news to the grid');
    // The next step on the case page is the worker's own, with the version intake returned.
    const taken = await performAction(store, wg01, { id: c.id }, { action: 'handle_self', version: c.version }, [], NOW);
    assert.ok(taken.ok && taken.status === 'in_progress');
  });

  test('without a category it waits as 待受理, as before', async (tc) => {
    const store = storeFor(tc);
    if (!store) return;
    const c = await createCase(store, wg01, base, [], NOW);
    assert.ok(c.ok);
    assert.equal((await rowOf(store, c.id)).status, 'submitted');
    assert.equal((await eventsOf(store, c.id)).length, 1);
  });

  test('当场办结: one command leaves a resolved case with submit → accept → take → resolve, the photos on the resolution', async (tc) => {
    const store = storeFor(tc);
    if (!store) return;
    const c = await createCase(store, wg01, { ...base, categoryId: STREET_LIGHT, resolution: '现场更换了灯泡' }, [photo], NOW);
    assert.ok(c.ok);
    const r = await rowOf(store, c.id);
    assert.equal(r.status, 'resolved');
    assert.equal(r.handlerKind, 'grid_worker');
    assert.equal(r.handlerAccountId, wg01.id);
    assert.ok(r.rateDueAt && r.rateDueAt > NOW, 'the rating window starts');
    assert.equal(c.version, 3);
    const events = await eventsOf(store, c.id);
    assert.deepEqual(events.map((e) => [e.action, e.fromStatus, e.toStatus]), [
      ['submit', null, 'submitted'],
      ['accept', 'submitted', 'accepted'],
      ['handle_self', 'accepted', 'in_progress'],
      ['resolve', 'in_progress', 'resolved'],
    ]);
    assert.equal(events[3]!.note, '现场更换了灯泡');
    const photos = await store.db.select().from(t.casePhotos).where(eq(t.casePhotos.caseId, c.id)).orderBy(asc(t.casePhotos.id));
    assert.deepEqual(photos.map((p) => p.eventId), [events[3]!.id]);
  });

  test('a retired category is refused and nothing is stored', async (tc) => {
    const store = storeFor(tc);
    if (!store) return;
    const retired = await store.write(async (tx) => {
      const [row] = await tx.insert(t.categories).values({ code: 'retired_x', name: '已停用分类', group: '民生服务类', active: false, sortOrder: 99 }).returning({ id: t.categories.id });
      return row!.id;
    });
    const before = await countOf(store, t.cases);
    const c = await createCase(store, wg01, { ...base, categoryId: retired, resolution: '修好了' }, [], NOW);
    assert.equal(c.ok, false);
    assert.equal(await countOf(store, t.cases), before);
  });
});
