// PIPL access requests: everything held about one resident (their requests, timelines, photos), found by phone or name, as .xlsx or JSON.
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import type { AppDb, Store } from '@/db/store';
import { caseEvents, casePhotos, cases, categories, households, orgNodes } from '@/db/tables';
import { writeAudit } from '@/lib/audit/log';
import type { CurrentUser } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { ACTION_LABELS, RATING_LABELS, SOURCE_LABELS, STATUS_LABELS } from '@/lib/cases/labels';
import { phoneSchema } from '@/lib/cases/schemas';
import { visibleCases } from '@/lib/cases/visibility';
import { formatDateTime } from '@/lib/format/datetime';
import { chinaDay } from '@/lib/stats/period';
import { stripXmlForbidden, textSchema } from '@/lib/validation/text';

/** The administrator, and a secretary for the residents of their own scope. */
export const RESIDENT_EXPORT_ROLES = ['admin', 'secretary'] as const;

export const residentExportSchema = z
  .object({
    phone: z
      .union([z.literal(''), phoneSchema])
      .transform((s) => s || undefined)
      .optional(),
    name: textSchema()
      .trim()
      .max(20, '姓名不超过 20 字')
      .transform((s) => s || undefined)
      .optional(),
    format: z.enum(['xlsx', 'json'], { error: '请选择导出格式' }),
  })
  .refine((v) => Boolean(v.phone || v.name), { message: '请填写居民的手机号码或姓名', path: ['phone'] });
export type ResidentExportInput = z.infer<typeof residentExportSchema>;

export type ResidentCase = {
  number: string;
  submittedAt: string;
  status: string;
  source: string;
  category: string | null;
  location: string;
  household: string | null;
  place: string | null;
  description: string;
  residentName: string | null;
  residentPhone: string | null;
  rating: string | null;
  ratingComment: string | null;
  timeline: { at: string; action: string; by: string; note: string | null }[];
  photos: { fileName: string; mime: string; width: number; height: number; bytes: number; addedAt: string }[];
};

export type ResidentData = { requestedBy: string; exportedAt: string; query: { phone?: string; name?: string }; cases: ResidentCase[] };

function residentMatch(q: { phone?: string; name?: string }): SQL {
  // Both given: both must match, so a common name does not pull in a namesake's requests.
  return and(q.phone ? eq(cases.residentPhone, q.phone) : undefined, q.name ? eq(cases.residentName, q.name) : undefined)!;
}

/** Every request of the resident the user may see, with its timeline and photo list. Null for a role that may not export. */
export async function collectResidentData(db: AppDb, user: CurrentUser, q: { phone?: string; name?: string }, now = new Date()): Promise<ResidentData | null> {
  if (!(RESIDENT_EXPORT_ROLES as readonly string[]).includes(user.role)) return null;
  const rows = await db
    .select({
      id: cases.id,
      number: cases.number,
      createdAt: cases.createdAt,
      status: cases.status,
      source: cases.source,
      category: categories.name,
      location: orgNodes.name,
      household: households.address,
      place: cases.place,
      description: cases.description,
      residentName: cases.residentName,
      residentPhone: cases.residentPhone,
      rating: cases.rating,
      ratingComment: cases.ratingComment,
    })
    .from(cases)
    .innerJoin(orgNodes, eq(orgNodes.id, cases.nodeId))
    .leftJoin(categories, eq(categories.id, cases.categoryId))
    .leftJoin(households, eq(households.id, cases.householdId))
    .where(and(residentMatch(q), visibleCases(actorFromUser(user))))
    .orderBy(asc(cases.createdAt), asc(cases.id));
  const ids = rows.map((r) => r.id);
  const events = ids.length ? await db.select().from(caseEvents).where(inArray(caseEvents.caseId, ids)).orderBy(asc(caseEvents.id)) : [];
  const photos = ids.length ? await db.select().from(casePhotos).where(inArray(casePhotos.caseId, ids)).orderBy(asc(casePhotos.id)) : [];
  return {
    requestedBy: `${user.displayName}（${user.username}）`,
    exportedAt: formatDateTime(now),
    query: q,
    cases: rows.map((r) => ({
      number: r.number,
      submittedAt: formatDateTime(r.createdAt),
      status: STATUS_LABELS[r.status],
      source: SOURCE_LABELS[r.source],
      category: r.category,
      location: r.location,
      household: r.household,
      place: r.place,
      description: r.description,
      residentName: r.residentName,
      residentPhone: r.residentPhone,
      rating: r.rating ? RATING_LABELS[r.rating] : null,
      ratingComment: r.ratingComment,
      timeline: events
        .filter((e) => e.caseId === r.id)
        .map((e) => ({ at: formatDateTime(e.at), action: ACTION_LABELS[e.action as keyof typeof ACTION_LABELS] ?? e.action, by: e.actorLabel, note: e.note })),
      photos: photos
        .filter((p) => p.caseId === r.id)
        .map((p) => ({ fileName: p.fileName, mime: p.mime, width: p.width, height: p.height, bytes: p.bytes, addedAt: formatDateTime(p.createdAt) })),
    })),
  };
}

export type ResidentExport = { ok: true; fileName: string; contentType: string; body: Buffer; count: number } | { ok: false; message: string };

/**
 * The export itself, for an explicit POST only: builds the file and writes the audit row
 * (who, whose data, how many requests). Finding nothing is said plainly and logs nothing.
 */
export async function exportResidentData(store: Store, user: CurrentUser, input: ResidentExportInput, now = new Date()): Promise<ResidentExport> {
  const q = { ...(input.phone && { phone: input.phone }), ...(input.name && { name: input.name }) };
  const data = await collectResidentData(store.db, user, q, now);
  if (!data) return { ok: false, message: '您无权导出居民个人信息。' };
  if (data.cases.length === 0) return { ok: false, message: '在您的管辖范围内没有找到该居民的诉求记录。' };
  const entry = { accountId: user.id, action: 'export_resident' as const, subject: `resident:${q.phone ?? q.name}`, detail: JSON.stringify({ format: input.format, ...q, cases: data.cases.map((c) => c.number) }) };
  await store.write((tx) => writeAudit(tx, entry, now));
  const base = `居民个人信息_${chinaDay(now)}`;
  if (input.format === 'json') {
    return { ok: true, fileName: `${base}.json`, contentType: 'application/json; charset=utf-8', body: Buffer.from(JSON.stringify(data, null, 2)), count: data.cases.length };
  }
  return {
    ok: true,
    fileName: `${base}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: await residentWorkbook(data),
    count: data.cases.length,
  };
}

const clean = (v: string | number | null) => (typeof v === 'string' ? stripXmlForbidden(v) : (v ?? ''));

async function residentWorkbook(data: ResidentData): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '萤火 Yinghuo';
  const sheet = (name: string, columns: [string, number][], rows: (string | number | null)[][]) => {
    const ws = workbook.addWorksheet(name);
    ws.columns = columns.map(([header, width]) => ({ header, width }));
    ws.getRow(1).font = { bold: true };
    for (const row of rows) ws.addRow(row.map(clean));
  };
  sheet(
    '诉求',
    [['事项编号', 18], ['提交时间', 20], ['状态', 9], ['来源', 11], ['分类', 12], ['楼栋/网格', 14], ['住户', 20], ['地点', 20], ['诉求内容', 48], ['姓名', 10], ['电话', 14], ['评价', 9], ['评价意见', 28]],
    data.cases.map((c) => [c.number, c.submittedAt, c.status, c.source, c.category, c.location, c.household, c.place, c.description, c.residentName, c.residentPhone, c.rating, c.ratingComment]),
  );
  sheet(
    '办理记录',
    [['事项编号', 18], ['时间', 20], ['操作', 12], ['操作人', 20], ['说明', 48]],
    data.cases.flatMap((c) => c.timeline.map((e) => [c.number, e.at, e.action, e.by, e.note])),
  );
  sheet(
    '照片',
    [['事项编号', 18], ['文件', 40], ['格式', 12], ['宽', 8], ['高', 8], ['字节', 10], ['上传时间', 20]],
    data.cases.flatMap((c) => c.photos.map((p) => [c.number, p.fileName, p.mime, p.width, p.height, p.bytes, p.addedAt])),
  );
  sheet('说明', [['项目', 14], ['内容', 60]], [
    ['导出人', data.requestedBy],
    ['导出时间', data.exportedAt],
    ['查询条件', [data.query.phone && `电话 ${data.query.phone}`, data.query.name && `姓名 ${data.query.name}`].filter(Boolean).join('，')],
    ['事项数', data.cases.length],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
