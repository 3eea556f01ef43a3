// The public board and 附议 on both engines: moderation with its audit, the wall, supports once per device, merged
// duplicates as supporters, supporter ratings in 满意率 (aggregates = direct), and no personal data in what public pages read.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { accounts, auditLog, cases, caseSupports, categories, orgNodes } from '@/db/tables';
import { loadUser } from '@/lib/auth/load-user';
import { actorFromUser, type AccountActor } from '@/lib/cases/actor';
import { hashToken, performAction } from '@/lib/cases/commands';
import { createDemoIntakePoints, listIntakePointsOfNode } from '@/lib/cases/intake-points';
import { submitAtIntakePoint } from '@/lib/cases/public-intake';
import { publicSubmitSchema } from '@/lib/cases/schemas';
import { computeStats, computeStatsDirect } from '@/lib/stats';
import { boardFigures, claimableWishCase, findBoardCommunity, getBoardPhoto, listWall, loadBoard } from './board';
import { publishCase, withdrawPublication } from './publications';
import { addSupport, getSupporterView, listSupportable, rateAsSupporter } from './supports';

const storeFor = registerTestStore({ demo: true });
let store: Store;
let setup: Promise<void> | null = null;
const now = new Date('2026-11-24T10:00:00+08:00');
const later = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

let shuji: AccountActor;
let fqshuji: AccountActor;
let wg01: AccountActor;
let member: AccountActor;
let grid: { id: number; path: string };
let building: { id: number; path: string };
let gridCode: string;
let buildingCode: string;
let communityId: number;
let lightCategory: number;
let ipSeq = 0;
const ip = () => `198.51.100.${++ipSeq % 250}`;

async function actor(username: string): Promise<AccountActor> {
  const [a] = await store.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).limit(1);
  return actorFromUser((await loadUser(store.db, a!.id))!);
}

async function ready(t: TestContext): Promise<boolean> {
  const s = storeFor(t);
  if (!s) return false;
  store = s;
  setup ??= (async () => {
    await createDemoIntakePoints(store);
    [shuji, fqshuji, wg01] = [await actor('shuji'), await actor('fqshuji'), await actor('wg01')];
    // A party member and a building of the grid in their scope, so they may claim there.
    const members = await store.db.select({ username: accounts.username }).from(accounts).where(eq(accounts.role, 'party_member')).orderBy(asc(accounts.id));
    for (const m of members) {
      const a = await actor(m.username);
      const inScope = (await store.db.select({ id: orgNodes.id, path: orgNodes.path }).from(orgNodes).where(eq(orgNodes.kind, 'building')).orderBy(asc(orgNodes.id))).find(
        (n) => a.scope.paths.some((p) => n.path.startsWith(p)) && wg01.scope.paths.some((p) => n.path.startsWith(p)),
      );
      if (inScope) {
        member = a;
        building = inScope;
        break;
      }
    }
    assert.ok(member, 'a party member covering a building of wg01');
    const gridId = Number(building.path.split('/').filter(Boolean).at(-2));
    const [g] = await store.db.select({ id: orgNodes.id, path: orgNodes.path }).from(orgNodes).where(eq(orgNodes.id, gridId)).limit(1);
    grid = g!;
    gridCode = (await listIntakePointsOfNode(store.db, grid.id)).find((p) => p.kind === 'grid')!.code;
    buildingCode = (await listIntakePointsOfNode(store.db, building.id))[0]!.code;
    const [community] = await store.db.select({ id: orgNodes.id }).from(orgNodes).where(and(eq(orgNodes.kind, 'community'), inArray(orgNodes.id, grid.path.split('/').filter(Boolean).map(Number)))).limit(1);
    communityId = community!.id;
    const [cat] = await store.db.select({ id: categories.id }).from(categories).orderBy(asc(categories.id)).limit(1);
    lightCategory = cat!.id;
  })();
  await setup;
  return true;
}

/** A resident's request at the building's QR code, with personal data in every field. */
async function residentCase(marker: string, code = buildingCode) {
  const input = publicSubmitSchema.parse({ description: `路灯坏了 ${marker}-desc`, place: `2单元${marker}-room`, residentName: `${marker}名`, residentPhone: '13712345678' });
  const r = await submitAtIntakePoint(store, { code, input, files: [], ip: ip() }, now);
  assert.ok(r.ok, JSON.stringify(r));
  return r;
}

async function act(a: AccountActor | { kind: 'resident' }, ref: { number: string } | { tokenHash: string }, request: Record<string, unknown>, at = now) {
  const [row] = await store.db
    .select({ version: cases.version })
    .from(cases)
    .where('number' in ref ? eq(cases.number, ref.number) : eq(cases.publicTokenHash, ref.tokenHash))
    .limit(1);
  const result = await performAction(store, a, ref, { ...request, version: row!.version } as never, [], at);
  assert.ok(result.ok, JSON.stringify(result));
  return result;
}

describe('moderation', () => {
  it('publishes a wish with staff words, shows it on the wall, withdraws it at once; each decision audited with who and when', async (t) => {
    if (!(await ready(t))) return;
    const c = await residentCase('MOD1');
    await act(shuji, { number: c.number }, { action: 'accept', categoryId: lightCategory, urgency: 'normal' });
    await act(shuji, { number: c.number }, { action: 'post_to_board' });
    const community = (await findBoardCommunity(store.db, communityId))!;
    // The page's cache is read before: the publication must show on the next read all the same.
    await loadBoard(store.db, community, now);
    const published = await publishCase(store, shuji, { number: c.number, kind: 'wish', publicText: '一位老人想要一副老花镜。', photoIds: [] }, now);
    assert.ok(published.ok);
    assert.ok((await loadBoard(store.db, community, now)).wall.items.some((w) => w.publicationId === published.publicationId));
    let wall = await listWall(store.db, community);
    const item = wall.items.find((w) => w.publicationId === published.publicationId);
    assert.ok(item);
    assert.equal(item.text, '一位老人想要一副老花镜。');
    assert.equal(item.state, 'open');
    assert.equal(item.claimable, true);
    assert.deepEqual(await claimableWishCase(store.db, published.publicationId), { number: c.number, version: (await store.db.select({ v: cases.version }).from(cases).where(eq(cases.number, c.number)))[0]!.v });

    // Another publication dated later than the withdrawal below: the cache must still see the withdrawal.
    const other = await residentCase('MOD1B');
    assert.ok((await publishCase(store, shuji, { number: other.number, kind: 'wish', publicText: '一位居民的微心愿。', photoIds: [] }, later(240))).ok);
    const edited = await publishCase(store, shuji, { number: c.number, kind: 'wish', publicText: '一位老人想要一副新的老花镜。', photoIds: [] }, later(1));
    assert.ok(edited.ok);
    assert.equal(edited.publicationId, published.publicationId);
    const withdrawn = await withdrawPublication(store, shuji, c.number, later(2));
    assert.ok(withdrawn.ok);
    wall = await listWall(store.db, community);
    assert.equal(wall.items.find((w) => w.publicationId === published.publicationId), undefined);
    assert.equal((await loadBoard(store.db, community, later(2))).wall.items.find((w) => w.publicationId === published.publicationId), undefined, 'withdrawn: gone from the cached board at once');
    assert.equal(await claimableWishCase(store.db, published.publicationId), null);
    const audit = await store.db.select().from(auditLog).where(eq(auditLog.subject, `case:${c.number}`)).orderBy(asc(auditLog.id));
    assert.ok(audit.length > 0);
    assert.deepEqual(
      audit.filter((a) => a.action !== 'view_case').map((a) => [a.action, a.accountId, a.at.getTime()]),
      [
        ['publish_case', shuji.id, now.getTime()],
        ['update_publication', shuji.id, later(1).getTime()],
        ['withdraw_publication', shuji.id, later(2).getTime()],
      ],
    );
    // Withdrawing again is refused and logs nothing.
    assert.equal((await withdrawPublication(store, shuji, c.number, later(3))).ok, false);
  });

  it("refuses the resident's own words, name, phone and room, photos that are not the handler's, and staff without the role or the scope", async (t) => {
    if (!(await ready(t))) return;
    const c = await residentCase('MOD2');
    const publish = (a: AccountActor, publicText: string, photoIds: number[] = []) => publishCase(store, a, { number: c.number, kind: 'request', publicText, photoIds }, now);
    for (const text of ['路灯坏了 MOD2-desc', '请联系MOD2名处理', '电话13712345678', '在2单元MOD2-room门口']) {
      const r = await publish(shuji, text);
      assert.equal(r.ok, false, text);
      assert.equal(!r.ok && r.code, 'invalid_input');
    }
    assert.equal((await publish(shuji, '楼道路灯不亮，正在维修。', [999_999])).ok, false);
    assert.equal((await publish(wg01, '楼道路灯不亮，正在维修。')).ok, false, 'a grid worker does not moderate');
    const other = await publish(fqshuji, '楼道路灯不亮，正在维修。');
    assert.equal(!other.ok && other.code, 'not_found', 'another community');
    assert.equal((await publish(shuji, '楼道路灯不亮，正在维修。')).ok, true);
  });
});

describe('附议', () => {
  it('lists the published open request at its building and grid, supports once per device, and counts supporters', async (t) => {
    if (!(await ready(t))) return;
    const c = await residentCase('SUP1');
    await act(wg01, { number: c.number }, { action: 'accept', categoryId: lightCategory, urgency: 'normal' });
    const pub = await publishCase(store, shuji, { number: c.number, kind: 'request', publicText: '3号楼门口路灯不亮，正在安排维修。', photoIds: [] }, now);
    assert.ok(pub.ok);
    const device = 'A'.repeat(32);
    assert.ok((await listSupportable(store.db, { kind: 'building', nodeId: building.id }, null)).some((i) => i.publicationId === pub.publicationId));
    assert.ok((await listSupportable(store.db, { kind: 'grid', nodeId: grid.id }, null)).some((i) => i.publicationId === pub.publicationId));

    const first = await addSupport(store, { code: buildingCode, publicationId: pub.publicationId, deviceId: device, ip: ip() }, now);
    assert.ok(first.ok);
    const again = await addSupport(store, { code: gridCode, publicationId: pub.publicationId, deviceId: device, ip: ip() }, now);
    assert.equal(!again.ok && again.code, 'already');
    // Two taps of another device at once: one support.
    const racing = await Promise.all([0, 1].map(() => addSupport(store, { code: buildingCode, publicationId: pub.publicationId, deviceId: 'B'.repeat(32), phone: '13600000000', ip: ip() }, now)));
    assert.equal(racing.filter((r) => r.ok).length, 1);
    const [row] = await store.db.select({ n: cases.supportCount }).from(cases).where(eq(cases.number, c.number));
    assert.equal(row!.n, 2);
    const [{ id: caseId }] = (await store.db.select({ id: cases.id }).from(cases).where(eq(cases.number, c.number))) as [{ id: number }];
    assert.equal((await store.db.select().from(caseSupports).where(eq(caseSupports.caseId, caseId))).length, 2);
    const mine = await listSupportable(store.db, { kind: 'building', nodeId: building.id }, device);
    assert.equal(mine.find((i) => i.publicationId === pub.publicationId)?.supportedHere, true);
    assert.equal(mine.find((i) => i.publicationId === pub.publicationId)?.supportCount, 2);

    // Not at another place's code, and gone once withdrawn.
    const elsewhere = (await store.db.select({ id: orgNodes.id }).from(orgNodes).where(eq(orgNodes.kind, 'grid')).orderBy(asc(orgNodes.id))).find((g) => g.id !== grid.id)!;
    const otherCode = (await listIntakePointsOfNode(store.db, elsewhere.id)).find((p) => p.kind === 'grid')!.code;
    assert.equal((await addSupport(store, { code: otherCode, publicationId: pub.publicationId, deviceId: 'C'.repeat(32), ip: ip() }, now)).ok, false);
    await withdrawPublication(store, shuji, c.number, now);
    assert.equal((await listSupportable(store.db, { kind: 'building', nodeId: building.id }, null)).some((i) => i.publicationId === pub.publicationId), false);
    assert.equal((await addSupport(store, { code: buildingCode, publicationId: pub.publicationId, deviceId: 'C'.repeat(32), ip: ip() }, now)).ok, false);
  });

  it('limits supports per address', async (t) => {
    if (!(await ready(t))) return;
    const c = await residentCase('SUP2');
    const pub = await publishCase(store, shuji, { number: c.number, kind: 'request', publicText: '小区夜间停车难，正在协调。', photoIds: [] }, now);
    assert.ok(pub.ok);
    const results = [];
    for (let i = 0; i < 32; i++) results.push(await addSupport(store, { code: buildingCode, publicationId: pub.publicationId, deviceId: `D${String(i).padStart(31, '0')}`, ip: '203.0.113.77' }, now));
    assert.equal(results.filter((r) => r.ok).length, 30);
    const last = results.at(-1)!;
    assert.equal(!last.ok && last.code, 'rate_limited');
  });

  it('makes the resident of a merged duplicate a supporter; supporters see the result and rate once, counted in 满意率 equally by both computations', async (t) => {
    if (!(await ready(t))) return;
    const original = await residentCase('SUP3');
    await act(wg01, { number: original.number }, { action: 'accept', categoryId: lightCategory, urgency: 'normal' });
    const pub = await publishCase(store, shuji, { number: original.number, kind: 'request', publicText: '楼道灯不亮，正在维修。', photoIds: [] }, now);
    assert.ok(pub.ok);
    const device = await addSupport(store, { code: buildingCode, publicationId: pub.publicationId, deviceId: 'E'.repeat(32), ip: ip() }, now);
    assert.ok(device.ok);
    const dup = await residentCase('SUP4');
    await act(wg01, { number: dup.number }, { action: 'mark_duplicate', duplicateOf: original.number });
    const [o] = await store.db.select({ n: cases.supportCount }).from(cases).where(eq(cases.number, original.number));
    assert.equal(o!.n, 2);

    // Before the result: nothing to rate.
    const mergedView = await getSupporterView(store.db, hashToken(dup.token));
    assert.equal(mergedView?.number, original.number);
    assert.equal(mergedView?.mayRate, false);
    assert.equal((await rateAsSupporter(store, hashToken(device.token), 'satisfied', now)).ok, false);

    await act(wg01, { number: original.number }, { action: 'handle_self' });
    await act(wg01, { number: original.number }, { action: 'resolve', note: '已更换楼道灯泡。' }, later(2));
    const view = await getSupporterView(store.db, hashToken(device.token));
    assert.equal(view?.resolutionNote, '已更换楼道灯泡。');
    assert.equal(view?.mayRate, true);
    assert.equal(JSON.stringify(view).includes('SUP3'), false, "no word of the original resident's");

    const viewer = shuji;
    const period = { from: new Date('2026-11-01T00:00:00+08:00'), to: new Date('2026-12-01T00:00:00+08:00') };
    const before = await computeStatsDirect(store.db, viewer, period, later(3));
    const racing = await Promise.all([0, 1].map(() => rateAsSupporter(store, hashToken(device.token), 'satisfied', later(3))));
    assert.equal(racing.filter((r) => r.ok).length, 1, 'once per supporter');
    assert.ok((await rateAsSupporter(store, hashToken(dup.token), 'unsatisfied', later(3))).ok);
    // The original's own resident rates too: three ratings of one case.
    await act({ kind: 'resident' }, { tokenHash: hashToken(original.token) }, { action: 'rate', rating: 'basically' }, later(4));
    const direct = await computeStatsDirect(store.db, viewer, period, later(5));
    const aggregated = await computeStats(store.db, viewer, period, later(5));
    assert.equal(direct.totals.satisfaction.denominator, before.totals.satisfaction.denominator + 3);
    assert.equal(direct.totals.ratings.unsatisfied, before.totals.ratings.unsatisfied + 1);
    assert.deepEqual(aggregated.totals, direct.totals);
    assert.deepEqual(aggregated.byGrid, direct.byGrid);
    assert.deepEqual(aggregated.byWorker, direct.byWorker);
    assert.deepEqual(aggregated.byCategory, direct.byCategory);
    // The board shows the same figures as the staff statistics of the community.
    const community = (await findBoardCommunity(store.db, communityId))!;
    const [thisMonth] = await boardFigures(store.db, community, later(5));
    const staff = await computeStats(store.db, { kind: 'integration', id: 1, name: 'x', scope: { paths: [community.path] } }, period, later(5));
    assert.deepEqual(thisMonth!.figures, staff.totals);
    assert.equal((await getSupporterView(store.db, hashToken(device.token)))?.rating, 'satisfied');
  });
});

describe('what public pages read', () => {
  it('holds no personal data: markers in every personal field never reach the board, the QR list, the supporter view or the board photos', async (t) => {
    if (!(await ready(t))) return;
    const marker = 'PIIMARK';
    const c = await residentCase(marker);
    await act(wg01, { number: c.number }, { action: 'accept', categoryId: lightCategory, urgency: 'normal' });
    const request = await publishCase(store, shuji, { number: c.number, kind: 'request', publicText: '路灯不亮，正在维修。', photoIds: [] }, now);
    assert.ok(request.ok);
    const support = await addSupport(store, { code: buildingCode, publicationId: request.publicationId, deviceId: 'F'.repeat(32), phone: '13698765432', ip: ip() }, now);
    assert.ok(support.ok);
    const wish = await residentCase(`${marker}W`);
    await act(shuji, { number: wish.number }, { action: 'accept', categoryId: lightCategory, urgency: 'normal' });
    await act(shuji, { number: wish.number }, { action: 'post_to_board' });
    await act(member, { number: wish.number }, { action: 'claim' });
    await act(member, { number: wish.number }, { action: 'resolve', note: '心愿已点亮。' });
    assert.ok((await publishCase(store, shuji, { number: wish.number, kind: 'wish', publicText: '一位老人的微心愿已点亮。', photoIds: [] }, now)).ok);

    const community = (await findBoardCommunity(store.db, communityId))!;
    const wall = await listWall(store.db, community);
    assert.ok(wall.items.some((w) => w.state === 'lit' && w.litBy?.includes(member.name)));
    const read = JSON.stringify([
      wall,
      await boardFigures(store.db, community, now),
      await listSupportable(store.db, { kind: 'building', nodeId: building.id }, 'F'.repeat(32)),
      await listSupportable(store.db, { kind: 'grid', nodeId: grid.id }, null),
      await getSupporterView(store.db, hashToken(support.token)),
      await getBoardPhoto(store.db, 1),
    ]);
    for (const secret of [marker, '13712345678', '13698765432', '-room', '-desc']) assert.equal(read.includes(secret), false, secret);
  });
});
