// The demo's year of visits (民情账本): every household visited by its grid worker as often as its care tags ask, a few running late, deterministic.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DB } from '../client';
import * as s from '../schema';
import { householdVisitStatesSync } from '@/lib/visits/due';
import { getVisitIntervalsSync, intervalFor } from '@/lib/visits/intervals';
import { bornOnOrBefore, isoDate } from '@/lib/registry/identity';
import { bulkInsert, deferIndexes } from './bulk-insert';
import { chinaMidnight, DAY, HOUR, MINUTE } from './case-clock';
import { DEFAULT_DEMO_NOW, DEFAULT_DEMO_SEED } from './generate';
import { Random } from './random';

/** Households whose grid worker is behind: due (or overdue) today, as on any real morning. */
const LATE_SHARE = 0.06;
const NOBODY_HOME_SHARE = 0.05;
const OBSERVATION_SHARE = 0.1;

const NOTES = {
  elderly: [
    '老人身体状况良好，生活能自理',
    '血压偏高，提醒按时服药、定期测量',
    '帮老人检查燃气阀门和电路，无异常',
    '陪老人聊天，了解近期生活需求',
    '提醒防范电信诈骗和保健品推销',
    '老人反映腿脚不便，已与子女电话沟通',
    '天气转凉，提醒注意保暖、防止跌倒',
    '送去米面油等慰问品',
  ],
  care: ['核实救助政策落实情况，已按时发放', '了解康复和护理需求', '指导申请残疾人两项补贴', '家中生活较困难，已向社区反映', '了解就医情况，协助预约家庭医生'],
  child: ['了解孩子学习生活情况，与监护人沟通', '提醒监护人注意防溺水和交通安全', '了解孩子入学和课后托管需求'],
  other: ['入户核实人口信息，无变化', '宣传垃圾分类和文明创建', '了解居民对小区物业服务的意见', '宣传反诈知识，指导安装国家反诈中心APP', '发放消防安全提示，检查楼道通道', '了解家庭成员就业情况'],
} as const;
const OBSERVATIONS = ['楼道灯不亮', '单元门禁损坏', '家中电线老化，存在安全隐患', '邻里因噪音有矛盾，需要调解', '下水道返味', '楼道堆放杂物，影响通行', '屋顶渗水'];

export interface DemoVisitsSummary {
  visits: number;
  households: number;
  /** Due today (never visited, or the interval ran out). */
  dueNow: number;
}

/**
 * Walks back from `now` for each household: its last visit a random part of its interval ago
 * (a few are late), each earlier one an interval (less a day or two, workers come early rather
 * than late) before the next, for a year. The interval is the household's at that time: someone
 * who turned 80 during the year makes the visits weekly from that birthday on, not before.
 */
export function seedDemoVisits(db: DB, opts: { seed?: number; now?: Date; /** A big fresh database: the visits' indexes are built once at the end. */ bulk?: boolean } = {}): DemoVisitsSummary {
  const now = (opts.now ?? DEFAULT_DEMO_NOW).getTime();
  const rng = new Random(opts.seed ?? DEFAULT_DEMO_SEED).fork(20);
  const existing = db.select({ n: sql<number>`count(*)` }).from(s.visits).get()?.n ?? 0;
  if (existing > 0) throw new Error('seedDemoVisits: the database already has visits; seed only a fresh demo database');

  const workers = db
    .select({ id: s.accounts.id, path: s.orgNodes.path })
    .from(s.accounts)
    .innerJoin(s.accountScopes, eq(s.accountScopes.accountId, s.accounts.id))
    .innerJoin(s.orgNodes, eq(s.orgNodes.id, s.accountScopes.nodeId))
    .where(and(eq(s.accounts.role, 'grid_worker'), eq(s.accounts.active, true)))
    .orderBy(s.accounts.id)
    .all();
  if (workers.length === 0) return { visits: 0, households: 0, dueNow: 0 };
  const intervals = getVisitIntervalsSync(db);
  // Households some worker covers. When that is every household (a county's hundreds of grids),
  // one path for the whole tree selects the same ones without a LIKE per grid for every row.
  const workerPaths = workers.map((w) => w.path);
  const places = db.selectDistinct({ path: s.households.nodePath }).from(s.households).all();
  const root = db.select({ path: s.orgNodes.path }).from(s.orgNodes).where(isNull(s.orgNodes.parentId)).all();
  const everyone = root.length === 1 && places.every((p) => workerPaths.some((w) => p.path.startsWith(w)));
  const states = householdVisitStatesSync(db, { paths: everyone ? [(root[0] as { path: string }).path] : workerPaths }, intervals, new Date(now)).sort(
    (x, y) => x.householdId - y.householdId,
  );
  const ids = states.map((h) => h.householdId);

  // Who lives there (for "见到的人") and, for 80+ households, the day the eldest turned 80.
  const people = new Map<number, { name: string; relation: string; birthDate: string | null }[]>();
  for (let i = 0; i < ids.length; i += 900) {
    for (const p of db
      .select({ householdId: s.persons.householdId, name: s.persons.name, relation: s.persons.relation, birthDate: s.persons.birthDate })
      .from(s.persons)
      .where(and(inArray(s.persons.householdId, ids.slice(i, i + 900)), eq(s.persons.status, 'present')))
      .all())
      people.set(p.householdId!, [...(people.get(p.householdId!) ?? []), p]);
  }
  const eightyCutoff = bornOnOrBefore(80, isoDate(new Date(now)));

  const rows: (typeof s.visits.$inferInsert)[] = [];
  const yearAgo = now - 365 * DAY;
  let dueNow = 0;
  // A county has hundreds of workers: look each place up once, not once per household.
  const workerOf = new Map<string, (typeof workers)[number]>();
  for (const h of states) {
    let worker = workerOf.get(h.nodePath);
    if (!worker) {
      worker = workers.find((w) => h.nodePath.startsWith(w.path))!;
      workerOf.set(h.nodePath, worker);
    }
    const members = people.get(h.householdId) ?? [];
    const turned80 = h.tags.includes('elderly_80')
      ? Math.min(...members.filter((m) => m.birthDate && m.birthDate <= eightyCutoff).map((m) => Date.parse(`${Number(m.birthDate!.slice(0, 4)) + 80}${m.birthDate!.slice(4)}T00:00:00+08:00`)))
      : Infinity;
    const withoutEighty = intervalFor(
      h.tags.filter((t) => t !== 'elderly_80'),
      intervals,
    );
    const intervalAt = (t: number) => (t >= turned80 ? h.intervalDays : withoutEighty);

    const late = rng.chance(LATE_SHARE);
    const interval = h.intervalDays;
    // Whole days back from today to the latest visit.
    let back = late ? interval + rng.int(0, Math.min(interval, 10)) : rng.int(0, interval - 1);
    if (back >= interval) dueNow++;
    let day = chinaMidnight(now) - back * DAY;
    for (let first = true; ; first = false) {
      let at = day + 9 * HOUR + rng.int(0, 8 * 60 + 30) * MINUTE;
      if (at > now) at = Math.max(day, now - rng.int(1, 90) * MINUTE);
      // The latest visit is kept even beyond the year (a late yearly household), so every household has one.
      if (at < yearAgo && !first) break;
      rows.push(composeVisit(rng, h, members, worker.id, at));
      const step = intervalAt(day - DAY);
      back = step <= 3 ? step : step - rng.int(0, step >= 300 ? 45 : 2);
      day -= back * DAY;
    }
  }
  rows.sort((a, b) => (a.visitedAt as Date).getTime() - (b.visitedAt as Date).getTime());
  const restore = opts.bulk ? deferIndexes(db, ['visits']) : null;
  db.transaction(() => bulkInsert(db, s.visits, rows), { behavior: 'immediate' });
  restore?.();
  return { visits: rows.length, households: states.length, dueNow };
}

function composeVisit(
  rng: Random,
  h: { householdId: number; nodePath: string; tags: readonly s.CareTag[] },
  members: readonly { name: string; relation: string }[],
  accountId: number,
  at: number,
): typeof s.visits.$inferInsert {
  const nobody = rng.chance(NOBODY_HOME_SHARE);
  const head = members.find((m) => m.relation === 'head') ?? members[0];
  const pool = h.tags.some((t) => t === 'elderly_80' || t === 'living_alone')
    ? NOTES.elderly
    : h.tags.some((t) => t === 'hardship' || t === 'disabled')
      ? NOTES.care
      : h.tags.some((t) => t === 'left_behind_child' || t === 'migrant_child')
        ? NOTES.child
        : NOTES.other;
  return {
    householdId: h.householdId,
    nodePath: h.nodePath,
    accountId,
    visitedAt: new Date(at),
    met: nobody ? '无人在家' : members.length > 1 && rng.chance(0.3) ? rng.pick(members).name : (head?.name ?? null),
    notes: nobody ? '敲门无人应答，已在门上留联系卡' : rng.pick(pool),
    observations: !nobody && rng.chance(OBSERVATION_SHARE) ? rng.pick(OBSERVATIONS) : null,
    photoFileName: null,
    caseId: null,
    createdAt: new Date(at),
  };
}
