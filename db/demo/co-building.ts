// The demo's 大党委 (seed 001, 府前社区: 需求清单罗列清楚，项目清单对应明确，完成情况实时跟进): the ten co-building units'
// resources, 龙湖社区's needs (some gathering residents' requests), ~35 projects in every state with their timelines,
// and the joint meetings that raised and decided them. Deterministic for a seed and a clock.
import { and, asc, eq, inArray, like, sql } from 'drizzle-orm';
import type { DB } from '../client';
import * as s from '../schema';
import { isoDate } from '@/lib/registry/identity';
import { bulkInsert } from './bulk-insert';
import { DAY } from './case-clock';
import { CO_BUILDING_UNITS, LONGHU } from './catalog';
import { DEFAULT_DEMO_NOW, DEFAULT_DEMO_SEED } from './generate';
import { Random } from './random';

type Kind = (typeof s.RESOURCE_KINDS)[number];

/** What each unit offers, by its short name (catalog.ts). */
const RESOURCES: Record<string, [Kind, string, string][]> = {
  县税务局: [
    ['service', '税费政策进社区宣讲、个体户办税辅导', '每季度一次'],
    ['people', '青年党员志愿者 6 名', '周末'],
  ],
  县供电公司: [
    ['service', '老旧小区线路排查、楼道照明维修', '每月第一个周六'],
    ['people', '电工党员服务队 8 名', '工作日晚间、周末'],
    ['funds', '充电桩改造配套资金', '年度 3 万元'],
  ],
  县人民医院: [
    ['service', '义诊、慢病随访、家庭医生签约', '每月两次'],
    ['venue', '健康教育室', '工作日下午'],
  ],
  县实验中学: [
    ['venue', '操场、篮球场向居民开放', '周末及寒暑假'],
    ['people', '教师志愿者（课后托管、作业辅导）', '工作日 16:30–18:30'],
  ],
  移动新绛分公司: [
    ['service', '老年人智能手机使用培训', '每月一次'],
    ['funds', '智慧安防摄像头', '20 台'],
  ],
  农商银行龙兴支行: [
    ['service', '反诈宣传、养老金代发上门服务', '每周三'],
    ['funds', '小区公益基金', '年度 2 万元'],
  ],
  县融媒体中心: [
    ['service', '社区活动宣传报道、宣传屏内容制作', '随时预约'],
  ],
  县消防救援大队: [
    ['service', '消防安全培训与演练、消防通道检查', '每季度一次'],
    ['people', '消防员志愿者 10 名', '预约'],
  ],
  县图书馆: [
    ['service', '共享书柜图书轮换、亲子阅读活动', '每月一次'],
    ['venue', '流动图书车', '每周六上午'],
  ],
  县市场监管局: [
    ['service', '食品安全、电梯安全检查', '每季度一次'],
    ['people', '执法骨干 4 名', '预约'],
  ],
};

type ProjectSpec = { title: string; owner: string; partners?: string[] };
type NeedSpec = { title: string; description: string; category: string | null; projects: ProjectSpec[] };

/** 龙湖社区's needs and the projects that meet them (35 in all), owners by short name. */
const NEEDS: NeedSpec[] = [
  { title: '老旧小区楼道照明改造', description: '多栋楼道灯损坏，夜间出行不便', category: 'street_light', projects: [{ title: '龙盛华庭楼道灯更换', owner: '县供电公司' }, { title: '龙湖花园声控灯改造', owner: '县供电公司', partners: ['移动新绛分公司'] }] },
  { title: '电动车充电难', description: '飞线充电隐患多，充电桩不足', category: 'charging', projects: [{ title: '新增电动车充电桩 52 个', owner: '县供电公司', partners: ['农商银行龙兴支行'] }, { title: '飞线充电专项整治', owner: '县消防救援大队' }] },
  { title: '夜间停车难', description: '小区车位不足，车辆乱停占用通道', category: 'parking', projects: [{ title: '机关单位夜间开放停车位', owner: '县税务局', partners: ['县实验中学'] }, { title: '小区停车位施划', owner: '县融媒体中心' }] },
  { title: '雨后巷道积水', description: '巷道未硬化，下水不畅', category: 'drainage', projects: [{ title: '巷道硬化与污水分流', owner: '县市场监管局' }, { title: '巷道监控与路灯安装', owner: '移动新绛分公司', partners: ['县供电公司'] }] },
  { title: '独居老人助餐', description: '高龄独居老人吃饭难', category: 'elderly_care', projects: [{ title: '社区食堂+送餐上门', owner: '县人民医院', partners: ['农商银行龙兴支行'] }, { title: '独居老人定期探访', owner: '县人民医院' }] },
  { title: '老年人看病难', description: '慢病老人往返医院不便', category: null, projects: [{ title: '每月两次社区义诊', owner: '县人民医院' }, { title: '家庭医生签约服务', owner: '县人民医院' }] },
  { title: '消防通道堵塞', description: '楼道堆物、通道被占', category: 'safety', projects: [{ title: '消防通道清理与标线', owner: '县消防救援大队' }, { title: '居民消防安全培训', owner: '县消防救援大队', partners: ['县融媒体中心'] }] },
  { title: '青少年课后无人看管', description: '双职工家庭孩子放学后无人照看', category: null, projects: [{ title: '四点半课堂', owner: '县实验中学' }, { title: '暑期托管班', owner: '县实验中学', partners: ['县图书馆'] }] },
  { title: '居民文化活动场地不足', description: '缺少阅读和活动空间', category: null, projects: [{ title: '共享书柜进小区', owner: '县图书馆' }, { title: '流动图书车进社区', owner: '县图书馆' }, { title: '学校操场周末开放', owner: '县实验中学' }] },
  { title: '电信诈骗防范', description: '老年人易受电信诈骗', category: 'policy', projects: [{ title: '反诈宣传进楼栋', owner: '农商银行龙兴支行', partners: ['县融媒体中心'] }, { title: '老年人智能手机培训', owner: '移动新绛分公司' }] },
  { title: '小区安防监控缺失', description: '小区出入口无监控，失窃时有发生', category: 'access_gate', projects: [{ title: '出入口安装智慧安防摄像头', owner: '移动新绛分公司' }] },
  { title: '食品和电梯安全', description: '小区周边小餐馆和电梯安全隐患', category: 'lift', projects: [{ title: '电梯安全专项检查', owner: '县市场监管局' }, { title: '周边餐饮食品安全检查', owner: '县市场监管局' }] },
  { title: '社区宣传屏更新', description: '宣传栏陈旧，信息更新慢', category: null, projects: [{ title: 'LED 宣传屏安装', owner: '县融媒体中心', partners: ['移动新绛分公司'] }] },
  { title: '个体户办税不便', description: '沿街商户办税要跑大厅', category: null, projects: [{ title: '办税服务进社区', owner: '县税务局' }] },
  { title: '绿化带毁绿种菜', description: '楼间绿地被开垦种菜', category: 'greening', projects: [{ title: '绿地补植与认养', owner: '县税务局', partners: ['县实验中学'] }] },
  { title: '困难家庭就业帮扶', description: '部分家庭成员失业', category: 'employment', projects: [{ title: '就业技能培训', owner: '农商银行龙兴支行' }, { title: '公益岗位对接', owner: '县税务局' }] },
  { title: '垃圾分类推进', description: '分类投放率低', category: 'sanitation', projects: [{ title: '垃圾分类宣传督导', owner: '县融媒体中心' }, { title: '分类垃圾桶更换', owner: '县市场监管局' }] },
  { title: '楼道线路老化', description: '多处电线老化存在隐患', category: 'safety', projects: [{ title: '老旧线路排查整改', owner: '县供电公司', partners: ['县消防救援大队'] }, { title: '入户用电安全检查', owner: '县供电公司' }] },
  { title: '冬季独居老人取暖', description: '冬季取暖安全与关爱', category: null, projects: [{ title: '冬季取暖用电安全入户检查', owner: '县供电公司' }, { title: '独居老人冬季关爱走访', owner: '县人民医院' }] },
  { title: '小区健身器材老化', description: '健身器材损坏', category: null, projects: [] },
];

const PROGRESS_NOTES = ['已到现场勘察，确定实施方案', '材料已采购到位，近期开工', '已完成一半，居民反映良好', '与物业对接，协调施工时间', '已组织党员志愿者参与', '施工中，预计按期完成'];
const DONE_NOTES = ['已全部完成，居民验收满意', '项目已完工，现场已清理', '服务已按计划开展完毕'];
const SHELVE_NOTES = ['资金未落实，暂缓实施', '与小区改造计划重叠，待统一安排'];

export type DemoCoBuildingSummary = { resources: number; needs: number; projects: number; byStatus: Record<(typeof s.PROJECT_STATUSES)[number], number>; meetings: number; gatheredRequests: number };

/** Fills the 大党委 lists of 龙湖社区. Run after the requests (it gathers some of them into needs). */
export function seedDemoCoBuilding(db: DB, opts: { seed?: number; now?: Date } = {}): DemoCoBuildingSummary {
  const now = (opts.now ?? DEFAULT_DEMO_NOW).getTime();
  const rng = new Random(opts.seed ?? DEFAULT_DEMO_SEED).fork(30);
  const byStatus = { not_started: 0, in_progress: 0, done: 0, shelved: 0 };
  const community = db.select().from(s.orgNodes).where(and(eq(s.orgNodes.kind, 'community'), eq(s.orgNodes.name, LONGHU.name))).get();
  const empty = { resources: 0, needs: 0, projects: 0, byStatus, meetings: 0, gatheredRequests: 0 };
  if (!community) return empty;
  const unitRows = db.select().from(s.units).where(inArray(s.units.name, CO_BUILDING_UNITS.map((u) => u.name))).orderBy(asc(s.units.id)).all();
  if (unitRows.length === 0) return empty;
  const unitOf = new Map(CO_BUILDING_UNITS.map((spec) => [spec.shortName, { spec, row: unitRows.find((r) => r.name === spec.name)! }]));
  const liaisons = db.select({ id: s.accounts.id, unitId: s.accounts.unitId, displayName: s.accounts.displayName }).from(s.accounts).where(eq(s.accounts.role, 'unit_liaison')).orderBy(asc(s.accounts.id)).all();
  const secretary = db
    .select({ id: s.accounts.id, displayName: s.accounts.displayName })
    .from(s.accounts)
    .innerJoin(s.accountScopes, eq(s.accountScopes.accountId, s.accounts.id))
    .where(and(eq(s.accounts.role, 'secretary'), eq(s.accountScopes.nodeId, community.id)))
    .get();
  const signer = (shortName: string) => {
    const u = unitOf.get(shortName)!;
    const account = liaisons.find((l) => l.unitId === u.row.id);
    return { accountId: account?.id ?? null, actorLabel: account?.displayName ?? `${shortName} ${u.spec.contactName}` };
  };
  const secretarySigner = { accountId: secretary?.id ?? null, actorLabel: `社区书记 ${secretary?.displayName ?? ''}`.trim() };
  const at = (daysAgo: number, hour = 10) => new Date(now - daysAgo * DAY + (hour - 10) * 3_600_000);

  // ---- resources ----
  const resources: (typeof s.unitResources.$inferInsert)[] = [];
  for (const [shortName, list] of Object.entries(RESOURCES)) {
    const u = unitOf.get(shortName);
    if (!u) continue;
    for (const [kind, description, availability] of list) {
      resources.push({ unitId: u.row.id, kind, description, availability, active: true, createdAt: at(250), updatedAt: at(250) });
    }
  }
  // One offer that ended: switched off, kept on record.
  resources.push({ unitId: unitOf.get('县税务局')!.row.id, kind: 'venue', description: '职工活动室（装修中）', availability: '暂停开放', active: false, createdAt: at(250), updatedAt: at(40) });

  // ---- meetings: the first the "大党委" meeting that signed the agreements, then one a season ----
  const meetingDays = [240, 150, 75, 12];
  const meetings = meetingDays.map((daysAgo, i) => ({
    id: i + 1,
    communityId: community.id,
    heldOn: isoDate(at(daysAgo)),
    topics: ['“大党委”共驻共建协议签订，梳理居民需求清单', '夏季安全与停车难题', '秋季项目推进情况通报', '冬季民生保障与年度项目总结'][i]!,
    decisions: ['各驻区单位认领需求，形成项目清单', '消防通道清理、夜间开放停车位', '督促推进中的项目按期完成', '做好独居老人冬季关爱，年底前完成在建项目'][i]!,
    createdByAccountId: secretary?.id ?? null,
    createdAt: at(daysAgo, 17),
  }));
  const present = meetings.flatMap((m) => rng.shuffle([...unitRows]).slice(0, rng.int(6, unitRows.length)).sort((a, b) => a.id - b.id).map((u) => ({ meetingId: m.id, unitId: u.id })));

  // ---- needs, requests gathered into them, projects and their timelines ----
  const needs: (typeof s.communityNeeds.$inferInsert & { id: number })[] = [];
  const gathered: (typeof s.needCases.$inferInsert)[] = [];
  const projects: (typeof s.coProjects.$inferInsert & { id: number })[] = [];
  const partnersRows: (typeof s.projectUnits.$inferInsert)[] = [];
  const updates: (typeof s.projectUpdates.$inferInsert)[] = [];
  const taken = new Set<number>();
  NEEDS.forEach((spec, i) => {
    // Most needs came out of the first meeting; a few from later ones or the secretary's own list.
    const meetingIndex = i < 12 ? 0 : i < 16 ? 1 : i < 18 ? 2 : 3;
    const fromMeeting = rng.chance(0.75);
    const raised = meetingDays[meetingIndex]! - (fromMeeting ? 0 : rng.int(1, 10));
    const id = i + 1;
    let source: (typeof s.NEED_SOURCES)[number] = fromMeeting ? 'meeting' : 'secretary';
    if (spec.category) {
      const category = db.select({ id: s.categories.id }).from(s.categories).where(eq(s.categories.code, spec.category)).get();
      const candidates = category
        ? db
            .select({ id: s.cases.id })
            .from(s.cases)
            .where(and(eq(s.cases.categoryId, category.id), like(s.cases.nodePath, `${community.path}%`), sql`${s.cases.createdAt} <= ${at(raised).getTime()}`))
            .orderBy(asc(s.cases.id))
            .limit(40)
            .all()
            .filter((c) => !taken.has(c.id))
        : [];
      for (const c of rng.shuffle(candidates).slice(0, rng.int(1, 4))) {
        taken.add(c.id);
        gathered.push({ needId: id, caseId: c.id, addedByAccountId: secretary?.id ?? null, addedAt: at(raised) });
      }
      if (!fromMeeting && gathered.some((g) => g.needId === id)) source = 'requests';
    }
    needs.push({ id, communityId: community.id, title: spec.title, description: spec.description, source, meetingId: fromMeeting ? meetings[meetingIndex]!.id : null, active: true, createdByAccountId: secretary?.id ?? null, createdAt: at(raised), updatedAt: at(raised) });

    for (const p of spec.projects) {
      const pid = projects.length + 1;
      const owner = unitOf.get(p.owner)!;
      const created = raised - rng.int(0, 5);
      const age = created; // days since the project was set up
      // Older projects are further along: the seeds' "完成情况实时跟进" shows most done, some running, a few stalled.
      const status: (typeof s.PROJECT_STATUSES)[number] =
        age > 120 ? rng.weighted([['done', 0.8], ['in_progress', 0.1], ['shelved', 0.1]]) : age > 40 ? rng.weighted([['done', 0.45], ['in_progress', 0.45], ['not_started', 0.1]]) : rng.weighted([['in_progress', 0.5], ['not_started', 0.5]]);
      byStatus[status] += 1;
      const by = signer(p.owner);
      const steps: (typeof s.projectUpdates.$inferInsert)[] = [{ projectId: pid, at: at(created, 17), step: 'create', ...secretarySigner, note: null, fromStatus: null, toStatus: 'not_started', meetingId: fromMeeting ? meetings[meetingIndex]!.id : null }];
      let day = created;
      let current: (typeof s.PROJECT_STATUSES)[number] = 'not_started';
      let doneReportedAt: Date | null = null;
      let confirmedAt: Date | null = null;
      if (status !== 'not_started') {
        const reports = rng.int(1, 3);
        for (let r = 0; r < reports && day > 2; r++) {
          day = Math.max(1, day - rng.int(3, Math.max(4, Math.floor(age / (reports + 1)))));
          steps.push({ projectId: pid, at: at(day, 15), step: 'progress', ...by, note: rng.pick(PROGRESS_NOTES), fromStatus: current, toStatus: 'in_progress', meetingId: null });
          current = 'in_progress';
        }
      }
      if (status === 'done' || (status === 'in_progress' && rng.chance(0.25))) {
        day = Math.max(1, day - rng.int(1, 10));
        doneReportedAt = at(day, 16);
        steps.push({ projectId: pid, at: doneReportedAt, step: 'report_done', ...by, note: rng.pick(DONE_NOTES), fromStatus: current, toStatus: 'in_progress', meetingId: null });
        current = 'in_progress';
      }
      if (status === 'done') {
        day = Math.max(1, day - rng.int(1, 5));
        confirmedAt = at(day, 11);
        steps.push({ projectId: pid, at: confirmedAt, step: 'confirm', ...secretarySigner, note: '经现场查看，确认完成', fromStatus: current, toStatus: 'done', meetingId: null });
      }
      if (status === 'shelved') {
        day = Math.max(1, day - rng.int(1, 10));
        steps.push({ projectId: pid, at: at(day, 11), step: 'shelve', ...secretarySigner, note: rng.pick(SHELVE_NOTES), fromStatus: current, toStatus: 'shelved', meetingId: null });
        doneReportedAt = null;
      }
      updates.push(...steps);
      const target = isoDate(at(created - rng.int(30, 150)));
      projects.push({
        id: pid,
        needId: id,
        communityId: community.id,
        title: p.title,
        description: null,
        ownerUnitId: owner.row.id,
        contactName: owner.spec.contactName,
        contactPhone: owner.spec.contactPhone,
        targetDate: target,
        status,
        doneReportedAt,
        confirmedAt,
        confirmedByAccountId: confirmedAt ? secretarySigner.accountId : null,
        meetingId: fromMeeting ? meetings[meetingIndex]!.id : null,
        version: steps.length - 1,
        createdByAccountId: secretarySigner.accountId,
        createdAt: at(created, 17),
        updatedAt: steps[steps.length - 1]!.at as Date,
      });
      for (const partner of p.partners ?? []) partnersRows.push({ projectId: pid, unitId: unitOf.get(partner)!.row.id });
    }
  });

  db.transaction(
    () => {
      bulkInsert(db, s.unitResources, resources);
      bulkInsert(db, s.jointMeetings, meetings);
      bulkInsert(db, s.meetingUnits, present);
      bulkInsert(db, s.communityNeeds, needs);
      bulkInsert(db, s.needCases, gathered);
      bulkInsert(db, s.coProjects, projects);
      bulkInsert(db, s.projectUnits, partnersRows);
      bulkInsert(db, s.projectUpdates, updates);
    },
    { behavior: 'immediate' },
  );
  return { resources: resources.length, needs: needs.length, projects: projects.length, byStatus, meetings: meetings.length, gatheredRequests: gathered.length };
}
