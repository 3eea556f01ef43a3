// The demo's twelve months of 党员每月一件事 (seeds 001, 003): each community's 民意事项清单, every member's monthly pledges
// (月初晒诺) — a request they claimed from the board, an item of the list, or an own commitment — their progress, and
// the secretary's evaluation of each ended month (月末评诺). Deterministic: the same seed and clock build the same rows.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DB } from '../client';
import * as s from '../schema';
import { bulkInsert } from './bulk-insert';
import { DAY, HOUR } from './case-clock';
import { DEFAULT_DEMO_NOW, DEFAULT_DEMO_SEED } from './generate';
import { Random } from './random';

/** "每一名党员每月至少认领1件实事": most members pledge every month; a few miss a month. */
const PLEDGE_SHARE = 0.9;
/** A member who pledges from the list or on their own: sometimes a second thing. */
const SECOND_PLEDGE_SHARE = 0.12;
const OWN_SHARE = 0.35;
/** Fewer finish than promise (seed 001: 2,400 items claimed, 500 done while the year ran): the evaluated months. */
const EVALUATION_WEIGHTS = [
  ['done', 0.5],
  ['partial', 0.28],
  ['not_done', 0.22],
] as const;
const PROGRESS_SHARE = 0.75;
/** The branches whose last month the secretary has not evaluated yet: the page flags that month. */
const UNEVALUATED_BRANCHES_LAST_MONTH = 2;

type Group = (typeof s.PLEDGE_GROUPS)[number];

/** 民意事项清单: what the community asks of its members, by the five groups of seed 001. */
const ITEMS: readonly { title: string; group: Group; place: string; description: string }[] = [
  { title: '为独居老人送餐、代购', group: '民生服务类', place: '各楼栋', description: '每周至少一次，为所包联楼栋的独居、高龄老人送餐或代购生活用品。' },
  { title: '陪高龄老人就医', group: '民生服务类', place: '社区卫生服务站', description: '为行动不便的80岁以上老人预约家庭医生、陪同就医。' },
  { title: '楼道堆放杂物清理', group: '社会管理类', place: '各楼栋', description: '劝导住户清理楼道堆放物，保持消防通道畅通。' },
  { title: '飞线充电安全宣传', group: '社会管理类', place: '小区充电桩旁', description: '入户宣传电动车飞线充电的危害，引导到充电桩充电。' },
  { title: '夜间停车秩序引导', group: '社会管理类', place: '小区出入口', description: '协助物业引导夜间停车，疏导巷道口车辆。' },
  { title: '矛盾纠纷调解', group: '社会管理类', place: '议事亭', description: '参与邻里噪音、漏水等纠纷调解，小事不出小区。' },
  { title: '反诈宣传入户', group: '社会管理类', place: '各楼栋', description: '向老年住户宣传防范电信诈骗，指导安装国家反诈中心APP。' },
  { title: '同城通办代办服务', group: '改革创新类', place: '党群服务中心', description: '帮助不会用手机的居民网上代办社保认证、医保缴费等事项。' },
  { title: '议事长廊议题征集', group: '改革创新类', place: '议事长廊', description: '收集居民对小区公共事务的意见，整理后提交议事会。' },
  { title: '助农直播带货', group: '经济发展类', place: '党群服务中心', description: '利用业余时间帮助周边村销售农产品。' },
  { title: '就业岗位信息推送', group: '经济发展类', place: '社区公告栏', description: '收集驻区单位招聘信息，向待业居民推送。' },
  { title: '主题党日志愿服务', group: '基层党建类', place: '党群服务中心', description: '参加支部主题党日，开展一次志愿服务。' },
  { title: '党员中心户联系走访', group: '基层党建类', place: '各楼栋', description: '走访所联系的住户，填写社情民意收集卡。' },
  { title: '文明超市积分兑换值守', group: '基层党建类', place: '文明超市', description: '在文明超市值守半天，协助居民兑换志愿积分。' },
];

const OWN_COMMITMENTS: readonly { title: string; group: Group }[] = [
  { title: '帮助邻居维修自行车、小家电', group: '民生服务类' },
  { title: '为楼栋孩子辅导一次作业', group: '民生服务类' },
  { title: '清理单元门口小广告', group: '社会管理类' },
  { title: '协助更换楼道照明灯', group: '民生服务类' },
  { title: '组织楼栋垃圾分类宣传', group: '社会管理类' },
  { title: '帮助困难户申请临时救助', group: '民生服务类' },
  { title: '给留守儿童讲一次安全课', group: '基层党建类' },
  { title: '联系单位为小区捐赠绿植', group: '经济发展类' },
];

const PROGRESS_NOTES = ['已联系住户，约好时间上门', '已完成一次，下周继续', '已和物业沟通，正在协调', '已入户宣传12户', '材料已提交，等待审批'];
const COMMENTS: Record<(typeof s.PLEDGE_EVALUATIONS)[number], readonly string[]> = {
  done: ['按时完成，群众满意', '完成较好', '主动作为，效果明显'],
  partial: ['已开展，尚未全部完成', '完成一半，下月继续', '进度偏慢'],
  not_done: ['未按承诺落实', '本月未开展', '因工作外出未完成'],
};

const EMPTY_PLEDGE = {
  caseId: null,
  itemId: null,
  description: null,
  reviewNote: null,
  reviewedByAccountId: null,
  reviewedAt: null,
  progressNote: null,
  progressAt: null,
  recordedByAccountId: null,
  evaluation: null,
  evaluationComment: null,
  evaluatedByAccountId: null,
  evaluatedAt: null,
} satisfies Partial<typeof s.pledges.$inferInsert>;

export interface DemoPledgesSummary {
  items: number;
  pledges: number;
  evaluated: number;
  members: number;
}

/** "2026-11" of an instant, China time. */
function chinaMonthOf(t: number): string {
  return new Date(t + 8 * HOUR).toISOString().slice(0, 7);
}

function monthStart(month: string): number {
  return Date.parse(`${month}-01T00:00:00+08:00`);
}

function addMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + m - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

export function seedDemoPledges(db: DB, opts: { seed?: number; now?: Date } = {}): DemoPledgesSummary {
  const now = (opts.now ?? DEFAULT_DEMO_NOW).getTime();
  const rng = new Random(opts.seed ?? DEFAULT_DEMO_SEED).fork(30);
  const existing = db.select({ n: sql<number>`count(*)` }).from(s.pledges).get()?.n ?? 0;
  if (existing > 0) throw new Error('seedDemoPledges: the database already has pledges; seed only a fresh demo database');

  const communities = db.select({ id: s.orgNodes.id, path: s.orgNodes.path }).from(s.orgNodes).where(eq(s.orgNodes.kind, 'community')).orderBy(asc(s.orgNodes.id)).all();
  const grids = db.select({ id: s.orgNodes.id, path: s.orgNodes.path }).from(s.orgNodes).where(eq(s.orgNodes.kind, 'grid')).orderBy(asc(s.orgNodes.path)).all();
  const secretaries = db
    .select({ id: s.accounts.id, path: s.orgNodes.path })
    .from(s.accounts)
    .innerJoin(s.accountScopes, eq(s.accountScopes.accountId, s.accounts.id))
    .innerJoin(s.orgNodes, eq(s.orgNodes.id, s.accountScopes.nodeId))
    .where(and(eq(s.accounts.role, 'secretary'), eq(s.orgNodes.kind, 'community')))
    .orderBy(asc(s.accounts.id))
    .all();
  const secretaryOf = (path: string) => secretaries.find((x) => path.startsWith(x.path))?.id ?? null;
  const firstMonth = addMonth(chinaMonthOf(now), -11);
  const yearAgo = monthStart(firstMonth);

  // The list: every item for every community, a third of them for one branch only; created as the year began.
  const itemRows: (typeof s.pledgeItems.$inferInsert & { id: number })[] = [];
  let itemId = 0;
  for (const c of communities) {
    const own = grids.filter((g) => g.path.startsWith(c.path));
    for (const item of ITEMS) {
      const branch = own.length > 0 && rng.chance(0.3) ? rng.pick(own) : null;
      itemRows.push({
        id: ++itemId,
        nodeId: branch?.id ?? c.id,
        nodePath: branch?.path ?? c.path,
        title: item.title,
        description: item.description,
        group: item.group,
        place: item.place,
        dueOn: null,
        active: true,
        createdByAccountId: secretaryOf(c.path),
        createdAt: new Date(yearAgo - rng.int(1, 10) * DAY),
      });
    }
  }

  const members = db
    .select({ id: s.partyMembers.id, nodeId: s.partyMembers.nodeId, nodePath: s.partyMembers.nodePath, registeredOn: s.partyMembers.registeredOn, status: s.partyMembers.status, leftOn: s.partyMembers.leftOn })
    .from(s.partyMembers)
    .orderBy(asc(s.partyMembers.id))
    .all();

  // The requests members claimed from the board (db/demo/cases.ts) are their pledges of those months.
  const claims = db
    .select({
      caseId: s.caseEvents.caseId,
      at: s.caseEvents.at,
      partyMemberId: s.accounts.partyMemberId,
      number: s.cases.number,
      status: s.cases.status,
      categoryName: s.categories.name,
      group: s.categories.group,
      placeName: s.orgNodes.name,
    })
    .from(s.caseEvents)
    .innerJoin(s.accounts, eq(s.accounts.id, s.caseEvents.actorAccountId))
    .innerJoin(s.cases, eq(s.cases.id, s.caseEvents.caseId))
    .leftJoin(s.categories, eq(s.categories.id, s.cases.categoryId))
    .innerJoin(s.orgNodes, eq(s.orgNodes.id, s.cases.nodeId))
    .where(and(eq(s.caseEvents.action, 'claim'), sql`${s.accounts.partyMemberId} is not null`))
    .orderBy(asc(s.caseEvents.id))
    .all();
  const claimsBy = new Map<string, typeof claims>();
  for (const c of claims) {
    const key = `${c.partyMemberId}:${chinaMonthOf(c.at.getTime())}`;
    claimsBy.set(key, [...(claimsBy.get(key) ?? []), c]);
  }

  const currentMonth = chinaMonthOf(now);
  const lastMonth = addMonth(currentMonth, -1);
  const unevaluatedBranches = new Set(grids.slice(-UNEVALUATED_BRANCHES_LAST_MONTH).map((g) => g.path));
  const rows: (typeof s.pledges.$inferInsert)[] = [];
  const seen = new Set<string>();

  for (let month = firstMonth; month <= currentMonth; month = addMonth(month, 1)) {
    const start = monthStart(month);
    const end = monthStart(addMonth(month, 1));
    const ended = end <= now;
    for (const m of members) {
      const mrng = rng.fork(m.id * 100 + Number(month.slice(5)));
      const claimed = claimsBy.get(`${m.id}:${month}`) ?? [];
      // Members not yet registered, or gone: no pledge, unless the claims say otherwise.
      if (claimed.length === 0 && m.registeredOn > new Date(end - DAY).toISOString().slice(0, 10)) continue;
      if (claimed.length === 0 && m.status !== 'active' && m.leftOn !== null && m.leftOn < month) continue;
      const secretary = secretaryOf(m.nodePath);
      const branchPath = grids.find((g) => m.nodePath.startsWith(g.path))?.path ?? m.nodePath;
      const evaluate = ended && !(month === lastMonth && unevaluatedBranches.has(branchPath));
      const made: (typeof s.pledges.$inferInsert)[] = [];

      for (const c of claimed) {
        const key = `${c.caseId}:${m.id}:${month}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const finished = c.status === 'resolved' || c.status === 'closed';
        made.push({
          partyMemberId: m.id,
          nodeId: m.nodeId,
          nodePath: m.nodePath,
          month,
          kind: 'case',
          caseId: c.caseId,
          title: `${c.categoryName ?? '群众诉求'} · ${c.placeName}（${c.number}）`,
          group: c.group ?? '民生服务类',
          status: 'approved',
          createdAt: c.at,
          ...(evaluate ? evaluation(mrng, finished ? 'done' : undefined, end, now, secretary) : {}),
        });
      }

      if (made.length === 0 || mrng.chance(SECOND_PLEDGE_SHARE)) {
        if (made.length === 0 && !mrng.chance(PLEDGE_SHARE)) {
          rows.push(...made);
          continue;
        }
        // 月初晒诺: mostly in the first week; this month only up to today.
        const at = start + mrng.int(0, 6) * DAY + mrng.int(8, 21) * HOUR;
        if (at > now) {
          rows.push(...made);
          continue;
        }
        const progress = (ended || now - at > 7 * DAY) && mrng.chance(PROGRESS_SHARE);
        const progressAt = progress ? new Date(Math.min(now, at + mrng.int(2, 12) * DAY)) : null;
        const base = {
          partyMemberId: m.id,
          nodeId: m.nodeId,
          nodePath: m.nodePath,
          month,
          createdAt: new Date(at),
          progressNote: progress ? mrng.pick(PROGRESS_NOTES) : null,
          progressAt,
        };
        const items = itemRows.filter((i) => m.nodePath.startsWith(i.nodePath));
        if (!mrng.chance(OWN_SHARE) && items.length > 0) {
          const item = mrng.pick(items);
          const key = `item:${item.id}:${m.id}:${month}`;
          if (!seen.has(key)) {
            seen.add(key);
            made.push({ ...base, kind: 'item', itemId: item.id, title: item.title, description: item.description, group: item.group, status: 'approved', ...(evaluate ? evaluation(mrng, undefined, end, now, secretary, progress) : {}) });
          }
        } else {
          const own = mrng.pick(OWN_COMMITMENTS);
          // The secretary reviews within two days; in the running month a few still wait, now and then one is turned down.
          const pending = !ended && now - at < 2 * DAY;
          const rejected = !pending && mrng.chance(0.04);
          made.push({
            ...base,
            kind: 'own',
            title: own.title,
            group: own.group,
            status: pending ? 'pending' : rejected ? 'rejected' : 'approved',
            reviewNote: rejected ? '承诺内容请具体到时间和对象' : null,
            reviewedByAccountId: pending ? null : secretary,
            reviewedAt: pending ? null : new Date(Math.min(now, at + DAY)),
            // About one in twenty of the members who rarely sign in: the secretary recorded it for them.
            recordedByAccountId: mrng.chance(0.05) ? secretary : null,
            ...(evaluate && !pending && !rejected ? evaluation(mrng, undefined, end, now, secretary, progress) : {}),
          });
        }
      }
      rows.push(...made);
    }
  }

  db.transaction(
    () => {
      bulkInsert(db, s.pledgeItems, itemRows);
      // bulkInsert writes the first row's columns: every row carries them all.
      bulkInsert(db, s.pledges, rows.map((r) => ({ ...EMPTY_PLEDGE, ...r })));
    },
    { behavior: 'immediate' },
  );
  return {
    items: itemRows.length,
    pledges: rows.length,
    evaluated: rows.filter((r) => r.evaluation).length,
    members: new Set(rows.map((r) => r.partyMemberId)).size,
  };
}

/** The month-end evaluation: in the last days of the month or the first of the next, by the community's secretary. */
function evaluation(rng: Random, known: 'done' | undefined, monthEnd: number, now: number, secretary: number | null, progressed = true) {
  const outcome = known ?? (progressed ? rng.weighted(EVALUATION_WEIGHTS) : rng.weighted([['partial', 0.3], ['not_done', 0.7]] as const));
  return {
    evaluation: outcome,
    evaluationComment: rng.chance(0.6) ? rng.pick(COMMENTS[outcome]) : null,
    evaluatedByAccountId: secretary,
    evaluatedAt: new Date(Math.min(now - HOUR, monthEnd + rng.int(-3, 4) * DAY + 10 * HOUR)),
  };
}
