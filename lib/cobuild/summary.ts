// 汇总表: needs ↔ projects ↔ completion at a glance, per community of the reader's scope, and as an .xlsx workbook.
import type { Writable } from 'node:stream';
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { NeedSource, ProjectStatus } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { communityNeeds, coProjects, needCases, projectUnits, projectUpdates, units } from '@/db/tables';
import { writeAudit } from '@/lib/audit/log';
import type { XlsxDownload } from '@/lib/desk/export';
import { isoDate } from '@/lib/registry/identity';
import { stripXmlForbidden } from '@/lib/validation/text';
import { communitiesOf, isDesk, type CoActor } from './access';
import { NEED_SOURCE_LABELS } from './needs';
import { PROJECT_STATUS_LABELS } from './rules';

export type SummaryProject = {
  id: number;
  title: string;
  ownerName: string;
  partnerNames: string[];
  targetDate: string | null;
  status: ProjectStatus;
  doneReportedAt: Date | null;
  confirmedAt: Date | null;
  lastProgress: { at: Date; note: string | null } | null;
};
export type SummaryNeed = { id: number; title: string; source: NeedSource; requestCount: number; projects: SummaryProject[] };
export type CommunityFigures = { needs: number; needsWithProject: number; needsMet: number; projects: number; byStatus: Record<ProjectStatus, number>; awaitingConfirmation: number };
export type CommunitySummary = { id: number; name: string; needs: SummaryNeed[]; figures: CommunityFigures };

const emptyByStatus = (): Record<ProjectStatus, number> => ({ not_started: 0, in_progress: 0, done: 0, shelved: 0 });

/** A need is met when one of its projects is confirmed done. */
function figuresOf(needs: SummaryNeed[]): CommunityFigures {
  const byStatus = emptyByStatus();
  let awaitingConfirmation = 0;
  for (const p of needs.flatMap((n) => n.projects)) {
    byStatus[p.status] += 1;
    if (p.doneReportedAt && p.status === 'in_progress') awaitingConfirmation += 1;
  }
  return {
    needs: needs.length,
    needsWithProject: needs.filter((n) => n.projects.length > 0).length,
    needsMet: needs.filter((n) => n.projects.some((p) => p.status === 'done')).length,
    projects: needs.reduce((sum, n) => sum + n.projects.length, 0),
    byStatus,
    awaitingConfirmation,
  };
}

/** Every active need of the scope's communities with its projects; communities without needs are listed too. */
export async function summaryOf(db: AppDb, actor: Pick<CoActor, 'role' | 'scope'>): Promise<CommunitySummary[]> {
  if (!isDesk(actor.role)) return [];
  const communities = await communitiesOf(db, actor.scope);
  if (communities.length === 0) return [];
  const communityIds = communities.map((c) => c.id);
  const needs = await db
    .select({ id: communityNeeds.id, communityId: communityNeeds.communityId, title: communityNeeds.title, source: communityNeeds.source })
    .from(communityNeeds)
    .where(and(inArray(communityNeeds.communityId, communityIds), eq(communityNeeds.active, true)))
    .orderBy(asc(communityNeeds.id));
  const needIds = needs.map((n) => n.id);
  const projects = needIds.length
    ? await db
        .select({
          id: coProjects.id,
          needId: coProjects.needId,
          title: coProjects.title,
          ownerName: units.name,
          targetDate: coProjects.targetDate,
          status: coProjects.status,
          doneReportedAt: coProjects.doneReportedAt,
          confirmedAt: coProjects.confirmedAt,
        })
        .from(coProjects)
        .innerJoin(units, eq(units.id, coProjects.ownerUnitId))
        .where(inArray(coProjects.needId, needIds))
        .orderBy(asc(coProjects.id))
    : [];
  const projectIds = projects.map((p) => p.id);
  const [requests, partners, progress] = await Promise.all([
    needIds.length ? db.select({ needId: needCases.needId, n: count() }).from(needCases).where(inArray(needCases.needId, needIds)).groupBy(needCases.needId) : [],
    projectIds.length
      ? db.select({ projectId: projectUnits.projectId, name: units.name }).from(projectUnits).innerJoin(units, eq(units.id, projectUnits.unitId)).where(inArray(projectUnits.projectId, projectIds)).orderBy(asc(units.id))
      : [],
    projectIds.length
      ? db
          .select({ projectId: projectUpdates.projectId, at: projectUpdates.at, note: projectUpdates.note })
          .from(projectUpdates)
          .where(and(inArray(projectUpdates.projectId, projectIds), inArray(projectUpdates.step, ['progress', 'report_done'])))
          .orderBy(desc(projectUpdates.id))
      : [],
  ]);
  const requestsOf = new Map(requests.map((r) => [r.needId, Number(r.n)]));
  const lastOf = new Map<number, { at: Date; note: string | null }>();
  for (const p of progress) if (!lastOf.has(p.projectId)) lastOf.set(p.projectId, { at: p.at, note: p.note });
  return communities.map((c) => {
    const own: SummaryNeed[] = needs
      .filter((n) => n.communityId === c.id)
      .map((n) => ({
        id: n.id,
        title: n.title,
        source: n.source,
        requestCount: requestsOf.get(n.id) ?? 0,
        projects: projects
          .filter((p) => p.needId === n.id)
          .map(({ needId: _n, ...p }) => ({ ...p, partnerNames: partners.filter((x) => x.projectId === p.id).map((x) => x.name), lastProgress: lastOf.get(p.id) ?? null })),
      }));
    return { id: c.id, name: c.name, needs: own, figures: figuresOf(own) };
  });
}

/** The status as the 汇总表 prints it: 推进中 with "待确认" when the unit has reported it done. */
export function statusText(p: Pick<SummaryProject, 'status' | 'doneReportedAt'>): string {
  return p.status === 'in_progress' && p.doneReportedAt ? '推进中（单位已报完成，待确认）' : PROJECT_STATUS_LABELS[p.status];
}

const COLUMNS: { header: string; width: number }[] = [
  { header: '社区', width: 12 },
  { header: '需求', width: 28 },
  { header: '需求来源', width: 10 },
  { header: '归集诉求数', width: 10 },
  { header: '项目', width: 28 },
  { header: '牵头单位', width: 24 },
  { header: '参与单位', width: 24 },
  { header: '计划完成', width: 12 },
  { header: '状态', width: 22 },
  { header: '确认完成日期', width: 14 },
  { header: '最新进展', width: 40 },
];

const cell = (v: string) => stripXmlForbidden(v);

/** The rows of the 汇总表 sheet: one per project, a need without a project on a row of its own. */
export function summaryRows(summary: CommunitySummary[]): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const c of summary) {
    for (const n of c.needs) {
      const needCells = [c.name, n.title, NEED_SOURCE_LABELS[n.source], n.requestCount];
      if (n.projects.length === 0) rows.push([...needCells, '（尚未立项）', '', '', '', '', '', '']);
      for (const p of n.projects) {
        rows.push([
          ...needCells,
          p.title,
          p.ownerName,
          p.partnerNames.join('、'),
          p.targetDate ?? '',
          statusText(p),
          p.confirmedAt ? isoDate(p.confirmedAt) : '',
          p.lastProgress ? `${isoDate(p.lastProgress.at)} ${p.lastProgress.note ?? ''}`.trim() : '',
        ]);
      }
    }
  }
  return rows.map((r) => r.map((v) => (typeof v === 'string' ? cell(v) : v)));
}

async function writeWorkbook(out: Writable, summary: CommunitySummary[], now: Date): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = '萤火 Yinghuo';
  workbook.created = now;
  const sheet = workbook.addWorksheet('汇总表', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for (const row of summaryRows(summary)) sheet.addRow(row).commit();
  sheet.commit();
  const totals = workbook.addWorksheet('完成情况');
  totals.columns = [
    { header: '社区', width: 12 },
    { header: '需求数', width: 8 },
    { header: '已立项需求', width: 10 },
    { header: '已解决需求', width: 10 },
    { header: '项目数', width: 8 },
    { header: '未启动', width: 8 },
    { header: '推进中', width: 8 },
    { header: '已完成', width: 8 },
    { header: '已搁置', width: 8 },
    { header: '待确认', width: 8 },
  ];
  totals.getRow(1).font = { bold: true };
  totals.getRow(1).commit();
  for (const c of summary) {
    const f = c.figures;
    totals.addRow([cell(c.name), f.needs, f.needsWithProject, f.needsMet, f.projects, f.byStatus.not_started, f.byStatus.in_progress, f.byStatus.done, f.byStatus.shelved, f.awaitingConfirmation]).commit();
  }
  totals.commit();
  await workbook.commit();
}

/** The 汇总表 of the reader's scope as a download, audited when prepared; null for those who may not export it. */
export async function prepareSummaryExport(store: Store, actor: CoActor, now = new Date()): Promise<XlsxDownload | null> {
  if (!isDesk(actor.role)) return null;
  const summary = await summaryOf(store.db, actor);
  if (summary.length === 0) return null;
  await store.write((tx) => writeAudit(tx, { accountId: actor.id, action: 'export', subject: `cobuild:${summary.map((c) => c.id).join(',')}`, detail: JSON.stringify({ sheet: '大党委项目清单汇总表' }) }, now));
  const name = summary.length === 1 ? summary[0]!.name : (actor.scope.paths.length === 1 ? '辖区' : '多社区');
  return { fileName: `大党委项目清单汇总表_${name}_${isoDate(now)}.xlsx`, write: (out) => writeWorkbook(out, summary, now) };
}
