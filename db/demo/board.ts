// The demo's public board (issue 14): the 微光心愿 lit over the year on 龙湖社区's wish wall, open wishes waiting to be
// claimed, and residents' 附议 on the common requests (parking, charging, street lights), from the cases already seeded.
import crypto from 'node:crypto';
import { and, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { DB } from '../client';
import * as s from '../schema';
import { bulkInsert } from './bulk-insert';
import { LONGHU } from './catalog';
import { Random } from './random';

/** "从社区'微光心愿箱'里被点亮的364个小心愿" (seed 002): the wishes lit on the wall in the year before `now`. */
export const DEMO_LIT_WISHES = 364;
const OPEN_WISHES = 8;
const DAY = 86_400_000;

const WISH_OF: { key: string; text: string }[] = [
  { key: '智能手机', text: '一位老人想学用智能手机，和外地的孙子视频通话。' },
  { key: '老花镜', text: '一位老人的老花镜坏了，想要一副新的。' },
  { key: '课外书', text: '一名孩子想要一套课外书和一个新书包。' },
  { key: '收音机', text: '一位独居老人想要一台收音机，在家听听戏。' },
  { key: '理个发', text: '一位腿脚不便的老人希望有人上门理发。' },
  { key: '棉被', text: '一位老人冬天想要一床厚棉被。' },
  { key: '辅导', text: '一名留守儿童希望周末有人辅导作业。' },
  { key: '毛笔字', text: '一位居民想学写毛笔字，希望有老师指导。' },
  { key: '轮椅', text: '一位老人的轮椅坏了，希望有人帮忙修理。' },
  { key: '复查', text: '一位老人希望有人陪同去医院复查。' },
  { key: '电饭煲', text: '一户居民的电饭煲坏了，想要一个新的。' },
  { key: '春联', text: '一位老人过年想请人写副春联。' },
  { key: '饺子', text: '一位独居老人希望过年有人陪着吃顿饺子。' },
  { key: '篮球', text: '一名孩子想要一个篮球。' },
  { key: '中秋', text: '一位老人想和邻居们一起过中秋。' },
  { key: '电视', text: '一位老人家的电视收不到台，希望有人帮忙调试。' },
];

const REQUEST_TEXT: Record<string, string> = {
  charging: '小区电动车充电难，存在飞线充电隐患，社区正在协调充电设施。',
  parking: '小区夜间停车难、车辆乱停乱放，社区正在协调处理。',
  street_light: '小区路灯不亮，夜间出行不便，正在安排维修。',
};

/** The staff's public words for a wish: a summary by what it asks for, never the resident's own text. */
export function wishPublicText(description: string): string {
  return WISH_OF.find((w) => description.includes(w.key))?.text ?? '一位居民的微心愿。';
}

export type DemoBoardSummary = { litWishes: number; openWishes: number; requests: number; supporters: number; ratedSupporters: number };

/**
 * Writes the demo board from the seeded cases, deterministically (`seed`). Merged duplicates become supporters of
 * their originals, as the 重复 action makes them live.
 */
export function seedDemoBoard(db: DB, seed: number, now: Date): DemoBoardSummary {
  const rng = new Random(seed).fork(14);
  const yearAgo = new Date(now.getTime() - 365 * DAY);
  const cat = (code: string) => db.select({ id: s.categories.id }).from(s.categories).where(eq(s.categories.code, code)).get()?.id;
  const secretaryOf = new Map<string, number>();
  for (const a of db.select({ id: s.accounts.id, path: s.orgNodes.path }).from(s.accounts).innerJoin(s.accountScopes, eq(s.accountScopes.accountId, s.accounts.id)).innerJoin(s.orgNodes, eq(s.orgNodes.id, s.accountScopes.nodeId)).where(and(eq(s.accounts.role, 'secretary'), eq(s.orgNodes.kind, 'community'))).orderBy(s.accounts.id).all()) {
    if (!secretaryOf.has(a.path)) secretaryOf.set(a.path, a.id);
  }
  const community = db.select({ path: s.orgNodes.path }).from(s.orgNodes).where(and(eq(s.orgNodes.kind, 'community'), eq(s.orgNodes.name, LONGHU.name))).get();
  const summary: DemoBoardSummary = { litWishes: 0, openWishes: 0, requests: 0, supporters: 0, ratedSupporters: 0 };
  const publications: (typeof s.casePublications.$inferInsert)[] = [];
  const supports: (typeof s.caseSupports.$inferInsert)[] = [];
  const wishId = cat('micro_wish');

  if (community && wishId !== undefined) {
    const secretary = secretaryOf.get(community.path);
    const inLonghu = and(gte(s.cases.nodePath, community.path), lt(s.cases.nodePath, `${community.path.slice(0, -1)}0`));
    const lit = db
      .select({ id: s.cases.id, description: s.cases.description, resolvedAt: s.cases.resolvedAt })
      .from(s.cases)
      .where(and(eq(s.cases.categoryId, wishId), inArray(s.cases.status, ['resolved', 'closed']), eq(s.cases.handlerKind, 'party_member'), gte(s.cases.resolvedAt, yearAgo), inLonghu))
      .orderBy(s.cases.resolvedAt, s.cases.id)
      .all();
    // Evenly over the year when there are more than the seeds' number.
    const chosen = lit.length <= DEMO_LIT_WISHES ? lit : Array.from({ length: DEMO_LIT_WISHES }, (_, i) => lit[Math.floor((i * lit.length) / DEMO_LIT_WISHES)]!);
    const open = db
      .select({ id: s.cases.id, description: s.cases.description, createdAt: s.cases.createdAt })
      .from(s.cases)
      .where(and(eq(s.cases.categoryId, wishId), eq(s.cases.status, 'assigned'), eq(s.cases.handlerKind, 'board'), inLonghu))
      .orderBy(s.cases.id)
      .limit(OPEN_WISHES)
      .all();
    if (secretary !== undefined) {
      for (const c of chosen) {
        const at = c.resolvedAt!;
        publications.push({ caseId: c.id, kind: 'wish', publicText: wishPublicText(c.description), photoIds: [], publishedByAccountId: secretary, publishedAt: at, updatedByAccountId: secretary, updatedAt: at });
      }
      for (const c of open) {
        const at = new Date(Math.min(now.getTime(), c.createdAt.getTime() + DAY));
        publications.push({ caseId: c.id, kind: 'wish', publicText: wishPublicText(c.description), photoIds: [], publishedByAccountId: secretary, publishedAt: at, updatedByAccountId: secretary, updatedAt: at });
      }
      summary.litWishes = chosen.length;
      summary.openWishes = open.length;
    }
  }

  // 附议 on the common requests of the year: a quarter of them gather neighbours' support; the resolved ones get ratings.
  const common = Object.keys(REQUEST_TEXT)
    .map((code) => [code, cat(code)] as const)
    .filter((p): p is readonly [string, number] => p[1] !== undefined);
  const codeOf = new Map(common.map(([code, id]) => [id, code]));
  const candidates = db
    .select({ id: s.cases.id, categoryId: s.cases.categoryId, status: s.cases.status, nodePath: s.cases.nodePath, createdAt: s.cases.createdAt, resolvedAt: s.cases.resolvedAt })
    .from(s.cases)
    .where(and(inArray(s.cases.categoryId, common.map(([, id]) => id)), gte(s.cases.createdAt, yearAgo), sql`${s.cases.status} not in ('rejected', 'duplicate')`))
    .orderBy(s.cases.id)
    .all();
  let device = 0;
  for (const c of candidates) {
    const isOpen = c.status !== 'resolved' && c.status !== 'closed';
    if (!rng.chance(isOpen ? 0.5 : 0.25)) continue;
    const n = rng.int(1, isOpen ? 9 : 5);
    const until = (c.resolvedAt ?? now).getTime();
    for (let i = 0; i < n; i++) {
      const createdAt = new Date(c.createdAt.getTime() + Math.floor(rng.next() * Math.max(1, until - c.createdAt.getTime())));
      const rated = !isOpen && c.resolvedAt !== null && rng.chance(0.6);
      const ratedAt = rated ? new Date(Math.min(now.getTime() - 60_000, c.resolvedAt!.getTime() + rng.int(1, 72) * 3_600_000)) : null;
      const r = rng.next();
      supports.push({
        caseId: c.id,
        kind: 'device',
        deviceHash: crypto.createHash('sha256').update(`demo-device:${seed}:${++device}`).digest('hex'),
        tokenHash: crypto.createHash('sha256').update(`demo-support-token:${seed}:${device}`).digest('hex'),
        phone: rng.chance(0.2) ? `139${String(rng.int(0, 99_999_999)).padStart(8, '0')}` : null,
        rating: rated ? (r < 0.75 ? 'satisfied' : r < 0.95 ? 'basically' : 'unsatisfied') : null,
        ratedAt,
        createdAt,
      });
      if (rated) summary.ratedSupporters++;
    }
    const path = [...secretaryOf.keys()].find((p) => c.nodePath.startsWith(p));
    const secretary = path === undefined ? undefined : secretaryOf.get(path);
    if (isOpen && secretary !== undefined) {
      const at = new Date(Math.min(now.getTime(), c.createdAt.getTime() + 3_600_000));
      publications.push({ caseId: c.id, kind: 'request', publicText: REQUEST_TEXT[codeOf.get(c.categoryId!)!]!, photoIds: [], publishedByAccountId: secretary, publishedAt: at, updatedByAccountId: secretary, updatedAt: at });
      summary.requests++;
    }
  }
  // Merged duplicates support their originals (the 重复 action's effect).
  for (const d of db.select({ id: s.cases.id, originalId: s.cases.duplicateOfId, closedAt: s.cases.closedAt, createdAt: s.cases.createdAt }).from(s.cases).where(and(eq(s.cases.status, 'duplicate'), isNotNull(s.cases.duplicateOfId))).orderBy(s.cases.id).all()) {
    supports.push({ caseId: d.originalId!, kind: 'merged', fromCaseId: d.id, createdAt: d.closedAt ?? d.createdAt });
  }
  summary.supporters = supports.length;

  bulkInsert(db, s.casePublications, publications);
  bulkInsert(db, s.caseSupports, supports);
  db.run(sql`update cases set support_count = (select count(*) from case_supports where case_supports.case_id = cases.id) where id in (select case_id from case_supports)`);
  return summary;
}
