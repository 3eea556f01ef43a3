// The demo's year of volunteer points: activities in every community (a few still open for sign-up), sign-ups and
// attendance, the 文明超市's goods and redemptions, cards, staff awards and claim credits; deterministic. Balances are
// played forward in time, so no redemption ever spends points a household did not have then.
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DB } from '../client';
import * as s from '../schema';
import { DEFAULT_RULES } from '@/lib/points/rules';
import { communityPathOf } from '@/lib/points/scope';
import { bulkInsert } from './bulk-insert';
import { chinaMidnight, DAY, HOUR, MINUTE } from './case-clock';
import { DEFAULT_DEMO_NOW, DEFAULT_DEMO_SEED } from './generate';
import { Random } from './random';

const TITLES: Record<s.ActivityKind, { title: string; place: string }[]> = {
  environment: [
    { title: '周末楼道清理', place: '各楼栋楼道' },
    { title: '小区绿地捡拾垃圾', place: '中心花园' },
    { title: '清理飞线和楼道堆物', place: '车棚及楼道' },
    { title: '河边三巷环境整治', place: '河边三巷' },
  ],
  elderly_care: [
    { title: '为独居老人送餐', place: '党群服务站' },
    { title: '陪高龄老人聊天、理发', place: '老年活动室' },
    { title: '帮老人体检登记', place: '社区卫生站' },
  ],
  safety_patrol: [
    { title: '夜间平安巡逻', place: '小区东门集合' },
    { title: '消防通道检查', place: '各楼栋' },
    { title: '电动车充电安全宣传', place: '充电桩旁' },
  ],
  civility: [
    { title: '垃圾分类宣传', place: '小区广场' },
    { title: '文明交通劝导', place: '学府路口' },
    { title: '反诈知识进家门', place: '党群服务站' },
  ],
  culture: [
    { title: '剪纸和书法兴趣课', place: '社区活动室' },
    { title: '广场舞展演', place: '小区广场' },
    { title: '少儿暑期读书会', place: '农家书屋' },
  ],
  other: [{ title: '同城通办代办服务', place: '便民服务窗口' }],
};

const GOODS: { name: string; price: number; stock: number }[] = [
  { name: '洗衣液', price: 20, stock: 60 },
  { name: '食用油（1.8升）', price: 40, stock: 40 },
  { name: '大米（5斤）', price: 30, stock: 50 },
  { name: '挂面', price: 8, stock: 120 },
  { name: '毛巾', price: 10, stock: 80 },
  { name: '牙膏', price: 8, stock: 100 },
  { name: '洗洁精', price: 10, stock: 80 },
  { name: '抽纸（一提）', price: 15, stock: 60 },
];

const AWARDS = ['协助疫苗接种登记', '主动清理楼道积雪', '劝阻高空抛物', '参与邻里纠纷调解', '协助入户走访'];
const DEDUCTIONS = ['楼道堆放杂物经劝导未清理', '违规飞线充电'];

export interface DemoPointsSummary {
  activities: number;
  signups: number;
  attended: number;
  entries: number;
  redemptions: number;
  goods: number;
  cards: number;
}

type Staff = { id: number; path: string; role: string };
type Family = { householdId: number; path: string; name: string | null; phone: string | null };

/**
 * For each community: about six activities a month over the year before `now` (by its grid workers for their grids,
 * by its secretary for the whole community) and three still ahead; each draws households of its place.
 */
export function seedDemoPoints(db: DB, opts: { seed?: number; now?: Date } = {}): DemoPointsSummary {
  const now = (opts.now ?? DEFAULT_DEMO_NOW).getTime();
  if (db.select({ id: s.volunteerActivities.id }).from(s.volunteerActivities).limit(1).get() || db.select({ id: s.pointEntries.id }).from(s.pointEntries).limit(1).get()) {
    throw new Error('seedDemoPoints: the database already has activities or points; seed only a fresh demo database');
  }
  const rng = new Random(opts.seed ?? DEFAULT_DEMO_SEED).fork(30);
  const communities = db
    .select({ id: s.orgNodes.id, path: s.orgNodes.path })
    .from(s.orgNodes)
    .where(and(eq(s.orgNodes.kind, 'community')))
    .orderBy(asc(s.orgNodes.id))
    .all();
  const staff = db
    .select({ id: s.accounts.id, role: s.accounts.role, path: s.orgNodes.path })
    .from(s.accounts)
    .innerJoin(s.accountScopes, eq(s.accountScopes.accountId, s.accounts.id))
    .innerJoin(s.orgNodes, eq(s.orgNodes.id, s.accountScopes.nodeId))
    .where(and(inArray(s.accounts.role, ['secretary', 'grid_worker']), eq(s.accounts.active, true)))
    .orderBy(asc(s.accounts.id))
    .all() as Staff[];
  const grids = db.select({ id: s.orgNodes.id, path: s.orgNodes.path }).from(s.orgNodes).where(eq(s.orgNodes.kind, 'grid')).orderBy(asc(s.orgNodes.id)).all();
  // One contact per household: the head (or the first resident) with a phone.
  const people = db
    .select({ householdId: s.persons.householdId, name: s.persons.name, phone: s.persons.phone, relation: s.persons.relation, path: s.households.nodePath })
    .from(s.persons)
    .innerJoin(s.households, eq(s.households.id, s.persons.householdId))
    .where(and(eq(s.persons.status, 'present'), eq(s.households.status, 'occupied')))
    .orderBy(asc(s.persons.householdId), asc(s.persons.id))
    .all();
  const families = new Map<number, Family>();
  for (const p of people) {
    const current = families.get(p.householdId!);
    const better = p.phone && (!current?.phone || (p.relation === 'head' && current.name !== null && !current.phone));
    if (!current || better) families.set(p.householdId!, { householdId: p.householdId!, path: p.path, name: p.phone ? p.name : null, phone: p.phone });
  }
  const allFamilies = [...families.values()];

  const activities: (typeof s.volunteerActivities.$inferInsert)[] = [];
  const signups: (typeof s.activitySignups.$inferInsert)[] = [];
  type Event = { at: number; householdId: number; kind: s.PointEntryKind; sourceId: number | null; points: number; reason: string; accountId: number; community: string };
  const earnings: Event[] = [];
  const goodsRows: (typeof s.marketGoods.$inferInsert)[] = [];
  const cards = new Map<number, typeof s.householdCards.$inferInsert>();
  let activityId = 0;
  let signupId = 0;
  const yearAgo = chinaMidnight(now) - 365 * DAY;

  for (const community of communities) {
    const secretary = staff.find((a) => a.role === 'secretary' && a.path === community.path);
    const workers = staff.filter((a) => a.role === 'grid_worker' && a.path.startsWith(community.path));
    const inCommunity = allFamilies.filter((f) => f.path.startsWith(community.path));
    if (!secretary || inCommunity.length === 0) continue;
    // Regulars come again and again; most households never or seldom.
    const regulars = rng.shuffle([...inCommunity]).slice(0, Math.max(20, Math.floor(inCommunity.length * 0.08)));
    for (let day = yearAgo + rng.int(0, 4) * DAY; day < now + 14 * DAY; day += rng.int(3, 7) * DAY) {
      const kind = rng.weighted<s.ActivityKind>([
        ['environment', 4],
        ['elderly_care', 3],
        ['safety_patrol', 2],
        ['civility', 2],
        ['culture', 2],
        ['other', 1],
      ]);
      const byWorker = workers.length > 0 && rng.chance(0.6) ? rng.pick(workers) : null;
      const grid = byWorker ? grids.find((g) => g.path === byWorker.path) : null;
      const node = grid ?? community;
      const creator = grid ? byWorker! : secretary;
      const t = rng.pick(TITLES[kind]);
      const startsAt = day + rng.pick([9, 10, 15, 19]) * HOUR;
      const capacity = rng.pick([10, 15, 20, 30]);
      const points = DEFAULT_RULES[kind] - (rng.chance(0.2) ? 1 : 0) || 1;
      activityId++;
      activities.push({
        id: activityId,
        nodeId: node.id,
        nodePath: node.path,
        kind,
        title: t.title,
        place: t.place,
        startsAt: new Date(startsAt),
        points,
        capacity,
        cancelledAt: null,
        createdByAccountId: creator.id,
        createdAt: new Date(Math.min(startsAt - rng.int(3, 10) * DAY, now - HOUR)),
      });
      const pool = [...regulars, ...inCommunity].filter((f) => f.path.startsWith(node.path));
      const ahead = startsAt > now;
      const wanted = ahead ? rng.int(0, Math.floor(capacity / 2)) : rng.int(Math.floor(capacity / 2), capacity);
      const chosen = new Set<number>();
      const phones = new Set<string>();
      for (let tries = 0; chosen.size < wanted && tries < wanted * 4 && pool.length > 0; tries++) {
        const f = rng.chance(0.7) ? rng.pick(pool.slice(0, Math.min(pool.length, regulars.length))) : rng.pick(pool);
        if (chosen.has(f.householdId) || (f.phone && phones.has(f.phone))) continue;
        chosen.add(f.householdId);
        if (f.phone) phones.add(f.phone);
        signupId++;
        const walkIn = !f.phone || rng.chance(0.1);
        const attended = !ahead && rng.chance(0.88);
        const attendedAt = attended ? startsAt + rng.int(0, 90) * MINUTE : null;
        signups.push({
          id: signupId,
          activityId,
          name: walkIn ? null : f.name,
          phone: walkIn ? null : f.phone,
          householdId: f.householdId,
          createdAt: new Date(walkIn ? (attendedAt ?? startsAt) : Math.min(startsAt - rng.int(1, 48) * HOUR, now - MINUTE)),
          attendedAt: attendedAt === null ? null : new Date(attendedAt),
          confirmedByAccountId: attended ? creator.id : null,
        });
        if (walkIn && !attended) {
          // A walk-in exists only as an attendance.
          signups.pop();
          signupId--;
          continue;
        }
        if (attendedAt !== null) {
          earnings.push({ at: attendedAt, householdId: f.householdId, kind: 'activity', sourceId: signupId, points, reason: `参加活动「${t.title}」`, accountId: creator.id, community: community.path });
          if (!cards.has(f.householdId)) cards.set(f.householdId, { householdId: f.householdId, token: cardToken(rng), issuedAt: new Date(attendedAt - rng.int(1, 30) * DAY), issuedByAccountId: creator.id });
        }
      }
    }
    // A few staff awards and deductions over the year.
    for (let i = 0; i < 24; i++) {
      const f = rng.pick(regulars);
      const deduct = i % 6 === 5;
      earnings.push({
        at: yearAgo + rng.int(1, 360) * DAY + rng.int(9, 17) * HOUR,
        householdId: f.householdId,
        kind: 'manual',
        sourceId: null,
        points: deduct ? -2 : rng.int(2, 5),
        reason: deduct ? rng.pick(DEDUCTIONS) : rng.pick(AWARDS),
        accountId: secretary.id,
        community: community.path,
      });
    }
    for (const g of GOODS) {
      goodsRows.push({ nodeId: community.id, nodePath: community.path, name: g.name, price: g.price, stock: g.stock, active: true, createdAt: new Date(yearAgo), updatedAt: new Date(yearAgo) });
    }
  }

  // Party members' resolved claims, as the scheduler credits them (lib/points/claims.ts).
  const claims = db
    .select({ caseId: s.cases.id, number: s.cases.number, accountId: s.cases.handlerAccountId, householdId: s.persons.householdId, resolvedAt: s.cases.resolvedAt, path: s.cases.nodePath })
    .from(s.cases)
    .innerJoin(s.accounts, eq(s.accounts.id, s.cases.handlerAccountId))
    .innerJoin(s.partyMembers, eq(s.partyMembers.id, s.accounts.partyMemberId))
    .innerJoin(s.persons, eq(s.persons.id, s.partyMembers.personId))
    .where(and(eq(s.cases.handlerKind, 'party_member'), inArray(s.cases.status, ['resolved', 'closed']), isNotNull(s.persons.householdId), isNotNull(s.cases.resolvedAt)))
    .orderBy(asc(s.cases.id))
    .all();
  for (const c of claims) {
    earnings.push({ at: c.resolvedAt!.getTime(), householdId: c.householdId!, kind: 'claim', sourceId: c.caseId, points: DEFAULT_RULES.claim, reason: `认领事项 ${c.number} 已办结`, accountId: c.accountId!, community: c.path });
  }

  // Play the year forward: earnings in time order, and at each one a chance that the household spends at the counter.
  earnings.sort((a, b) => a.at - b.at || a.householdId - b.householdId);
  const goodsIds = new Map<string, number>(); // community path + name → id (ids in insertion order)
  goodsRows.forEach((g, i) => goodsIds.set(`${g.nodePath}|${g.name}`, i + 1));
  const stock = goodsRows.map((g) => g.stock as number);
  const balance = new Map<number, number>();
  const entries: (typeof s.pointEntries.$inferInsert)[] = [];
  const redemptionRows: (typeof s.redemptions.$inferInsert)[] = [];
  const counterStaff = new Map(communities.map((c) => [c.path, staff.find((a) => a.role === 'secretary' && a.path === c.path)]));
  for (const e of earnings) {
    const before = balance.get(e.householdId) ?? 0;
    if (before + e.points < 0) continue;
    entries.push({ householdId: e.householdId, kind: e.kind, sourceId: e.sourceId, points: e.points, reason: e.reason, accountId: e.accountId, createdAt: new Date(e.at) });
    let after = before + e.points;
    const community = communityPathOf(e.community) ?? '';
    const cashier = counterStaff.get(community);
    if (cashier && after >= 20 && rng.chance(0.35)) {
      // The counter restocks what runs out (as a community does each month), so a year of redemptions does not leave
      // every shelf empty on the day of the demo.
      const affordable = GOODS.filter((g) => g.price <= after);
      if (affordable.length > 0) {
        const g = rng.pick(affordable);
        const goodsId = goodsIds.get(`${community}|${g.name}`)!;
        const at = Math.min(e.at + rng.int(1, 10) * DAY, now - HOUR);
        if (at > e.at) {
          if (stock[goodsId - 1]! === 0) stock[goodsId - 1] = g.stock;
          stock[goodsId - 1]!--;
          redemptionRows.push({ id: redemptionRows.length + 1, householdId: e.householdId, goodsId, quantity: 1, points: g.price, accountId: cashier.id, createdAt: new Date(at) });
          entries.push({ householdId: e.householdId, kind: 'redemption', sourceId: redemptionRows.length, points: -g.price, reason: `兑换「${g.name}」×1`, accountId: cashier.id, createdAt: new Date(at) });
          after -= g.price;
        }
      }
    }
    balance.set(e.householdId, after);
  }
  goodsRows.forEach((g, i) => (g.stock = stock[i]!));
  entries.sort((a, b) => (a.createdAt as Date).getTime() - (b.createdAt as Date).getTime());
  // A redemption recorded a few days after the earning that allowed it may sort before later earnings: still covered,
  // because the balance it spent had been earned before it.

  db.transaction(
    () => {
      bulkInsert(db, s.volunteerActivities, activities);
      bulkInsert(db, s.activitySignups, signups);
      bulkInsert(db, s.marketGoods, goodsRows.map((g, i) => ({ id: i + 1, ...g })));
      bulkInsert(db, s.redemptions, redemptionRows);
      bulkInsert(db, s.pointEntries, entries);
      bulkInsert(db, s.householdCards, [...cards.values()]);
    },
    { behavior: 'immediate' },
  );
  return {
    activities: activities.length,
    signups: signups.length,
    attended: signups.filter((x) => x.attendedAt).length,
    entries: entries.length,
    redemptions: redemptionRows.length,
    goods: goodsRows.length,
    cards: cards.size,
  };
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** A card token from the demo's random stream (deterministic; real cards use crypto randomness). */
function cardToken(rng: Random): string {
  let out = '';
  for (let i = 0; i < 20; i++) out += ALPHABET[rng.int(0, 31)];
  return out;
}
