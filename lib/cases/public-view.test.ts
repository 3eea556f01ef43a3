// The private status page on the store, on the engine of this test process (test:unit SQLite, test:unit:pg
// PostgreSQL). Who is who comes from the demo generated into SQLite (the same rows and ids as the store's demo).
import assert from 'node:assert/strict';
import { after, describe, it, type TestContext } from 'node:test';
import { eq } from 'drizzle-orm';
import { accounts, orgNodes } from '@/db/schema';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from './actor';
import { createCase, hashToken, performAction, type StoredPhoto } from './commands';
import type { ActionInput } from './lifecycle';
import { getPhotoForStatusToken, getPublicCaseView, progressStages } from './public-view';

const storeFor = registerTestStore({ demo: true });
const { db, close } = openTestDatabase({ demo: true });
after(() => close());

const t = (minutes: number) => new Date(new Date('2026-11-24T10:00:00+08:00').getTime() + minutes * 60_000);
const actor = (username: string) => actorFromUser(loadUserSync(db, db.select().from(accounts).where(eq(accounts.username, username)).get()!.id)!);
const building = db.select().from(orgNodes).where(eq(orgNodes.name, '3号楼')).all().find((n) => n.path.startsWith('/1/2/3/5/'))!;

async function submit(store: Store, minutes = 0) {
  const r = await createCase(
    store,
    { kind: 'resident' },
    { description: '楼道灯不亮', source: 'online', nodeId: building.id, urgency: 'normal', place: '2单元 301', residentName: '王秀英', residentPhone: '13812345678' },
    [],
    t(minutes),
  );
  assert.ok(r.ok);
  return { tokenHash: hashToken(r.token), number: r.number };
}

async function act(store: Store, tokenHash: string, who: string, request: ActionInput, minutes: number) {
  const view = (await getPublicCaseView(store.db, tokenHash))!;
  const r = await performAction(store, actor(who), { number: view.number }, { ...request, version: view.version }, [], t(minutes));
  assert.ok(r.ok, r.ok ? '' : r.message);
}

/** A test body on the store of this engine (skipped with the reason when PostgreSQL is missing). */
const onStore = (fn: (store: Store) => Promise<void>) => async (tc: TestContext) => {
  const store = storeFor(tc);
  if (store) await fn(store);
};

describe('the private status page', () => {
  it('shows progress without personal data or staff notes', onStore(async (store) => {
    const { tokenHash, number } = await submit(store);
    await act(store, tokenHash, 'wg01', { action: 'accept', categoryId: 3, urgency: 'normal', note: '内部备注：住户脾气不好' }, 10);
    await act(store, tokenHash, 'wg01', { action: 'handle_self', note: '我去看看' }, 20);
    await act(store, tokenHash, 'wg01', { action: 'resolve', note: '已更换 2 单元楼道灯泡' }, 60);
    const view = (await getPublicCaseView(store.db, tokenHash))!;
    assert.equal(view.number, number);
    assert.equal(view.status, 'resolved');
    assert.equal(view.placeName, '龙盛华庭 3号楼');
    assert.equal(view.categoryName, '路灯照明');
    assert.equal(view.resolutionNote, '已更换 2 单元楼道灯泡');
    assert.deepEqual(
      view.steps.map((s) => s.label),
      ['诉求已提交', '网格员已受理', '网格员已接手办理', '已办结'],
    );
    // The resident's own words come back to them, so they can judge the result against them…
    assert.equal(view.description, '楼道灯不亮');
    assert.equal(view.typedPlace, '2单元 301');
    // …but not their name and phone (the link may be seen over a shoulder), nor staff notes.
    const shown = JSON.stringify(view);
    for (const secret of ['王秀英', '13812345678', '内部备注', '我去看看', '网格员 ']) {
      assert.ok(!shown.includes(secret), `leaks ${secret}`);
    }
    assert.deepEqual(
      view.stages.map((s) => [s.stage, s.state]),
      [
        ['submitted', 'done'],
        ['accepted', 'done'],
        ['in_progress', 'done'],
        ['resolved', 'current'],
        ['closed', 'todo'],
      ],
    );
    assert.deepEqual(view.stages[1]!.at, t(10));
  }));

  it('lets the resident rate through the link; unsatisfied reopens', onStore(async (store) => {
    const { tokenHash } = await submit(store, 100);
    await act(store, tokenHash, 'wg01', { action: 'accept', categoryId: 3, urgency: 'normal' }, 110);
    await act(store, tokenHash, 'wg01', { action: 'handle_self' }, 120);
    await act(store, tokenHash, 'wg01', { action: 'resolve', note: '已修好' }, 130);
    const before = (await getPublicCaseView(store.db, tokenHash))!;
    const r = await performAction(store, { kind: 'resident' }, { tokenHash }, { action: 'rate', rating: 'unsatisfied', comment: '还是不亮', version: before.version }, [], t(140));
    assert.ok(r.ok);
    const view = (await getPublicCaseView(store.db, tokenHash))!;
    assert.equal(view.status, 'in_progress');
    assert.equal(view.reopenCount, 1);
    assert.equal(view.steps.at(-1)!.label, '您的评价：不满意，已重新办理');
    assert.equal(view.stages.find((s) => s.state === 'current')!.stage, 'in_progress');
    // A stale version is refused, so a double tap cannot rate twice.
    const stale = await performAction(store, { kind: 'resident' }, { tokenHash }, { action: 'rate', rating: 'satisfied', version: before.version }, [], t(141));
    assert.equal(!stale.ok && stale.code, 'conflict');
  }));

  it('explains a rejection with its reason, and a duplicate with the original', onStore(async (store) => {
    const original = await submit(store, 200);
    const { tokenHash } = await submit(store, 210);
    await act(store, tokenHash, 'wg01', { action: 'mark_duplicate', duplicateOf: original.number, note: '同一盏灯' }, 220);
    const dup = (await getPublicCaseView(store.db, tokenHash))!;
    assert.deepEqual(dup.duplicateOf, { number: original.number, status: 'submitted' });
    assert.deepEqual(
      dup.stages.map((s) => s.state),
      ['done', 'todo', 'todo', 'todo', 'todo'],
    );

    await act(store, original.tokenHash, 'wg01', { action: 'reject', reason: '属于物业维修范围，已告知物业' }, 230);
    const rejected = (await getPublicCaseView(store.db, original.tokenHash))!;
    assert.equal(rejected.rejectionReason, '属于物业维修范围，已告知物业');
  }));

  it('returns nothing for an unknown token', onStore(async (store) => {
    assert.equal(await getPublicCaseView(store.db, hashToken('nope')), null);
  }));

  it('marks a closed case as complete', () => {
    const stages = progressStages('closed', [
      { at: t(0), toStatus: 'submitted' },
      { at: t(1), toStatus: 'accepted' },
      { at: t(2), toStatus: 'in_progress' },
      { at: t(3), toStatus: 'resolved' },
      { at: t(4), toStatus: 'closed' },
    ]);
    assert.ok(stages.every((s) => s.state === 'done'));
    assert.deepEqual(stages[4]!.at, t(4));
  });

  it('opens the photos sent with the request and the handler photos marked public, nothing else', onStore(async (store) => {
    const photo = (n: number): StoredPhoto => ({ fileName: `${String(n).padStart(32, '0')}.jpg`, mime: 'image/jpeg', width: 10, height: 10, bytes: 100 });
    const created = await createCase(store, { kind: 'resident' }, { description: '门口有积水', source: 'online', nodeId: building.id, urgency: 'normal' }, [photo(1)], t(300));
    assert.ok(created.ok);
    const tokenHash = hashToken(created.token);
    await act(store, tokenHash, 'wg01', { action: 'accept', categoryId: 3, urgency: 'normal' }, 310);
    await act(store, tokenHash, 'wg01', { action: 'handle_self' }, 320);
    const step = async (request: ActionInput, photos: (StoredPhoto & { public: boolean })[], minutes: number) => {
      const view = (await getPublicCaseView(store.db, tokenHash))!;
      const r = await performAction(store, actor('wg01'), { number: view.number }, { ...request, version: view.version }, photos, t(minutes));
      assert.ok(r.ok);
    };
    await step({ action: 'progress', note: '已联系物业' }, [{ ...photo(2), public: false }], 330);
    await step({ action: 'resolve', note: '已清理积水' }, [{ ...photo(3), public: true }], 340);

    const view = (await getPublicCaseView(store.db, tokenHash))!;
    assert.equal(view.submissionPhotoIds.length, 1);
    assert.deepEqual(view.handlerPhotos.map((p) => p.step), ['resolve']);
    const [own] = view.submissionPhotoIds;
    const [proof] = view.handlerPhotos;
    assert.ok(await getPhotoForStatusToken(store.db, tokenHash, own!));
    assert.ok(await getPhotoForStatusToken(store.db, tokenHash, proof!.id));
    const all = [own!, proof!.id];
    const hidden = Math.max(...all) - 1; // the staff-only progress photo, inserted between them
    assert.equal(await getPhotoForStatusToken(store.db, tokenHash, hidden), null, 'a photo not marked public stays with the staff');
    const other = await submit(store, 400);
    assert.equal(await getPhotoForStatusToken(store.db, other.tokenHash, proof!.id), null, "another case's link opens nothing of this case");
  }));
});
