// What /api/v1 sends back, as zod schemas of the JSON on the wire (the OpenAPI document is built from them) and the mappers that produce it.
import { z } from 'zod';
import { CASE_SOURCES, CASE_STATUSES, HANDLER_KINDS, RATINGS, URGENCIES } from '@/db/schema';
import { RULES, type ActionName } from '@/lib/cases/lifecycle';
import type { CaseDetail, CaseListItem, CaseListPage } from '@/lib/cases/queries';
import { formatCursor } from '@/lib/cases/case-list';
import { ERROR_STATUS, type ErrorCode } from './http';

const dateTime = z.iso.datetime({ offset: true }).describe('ISO 8601 时间（UTC）');
const status = z.enum(CASE_STATUSES);
const actionName = z.enum(Object.keys(RULES) as [ActionName, ...ActionName[]]);

export const createdCaseResponse = z.object({
  number: z.string().describe('事项编号，如 YH20261124-0001'),
  status,
  version: z.int().min(0).describe('版本号：执行操作时原样带回'),
  statusUrl: z.string().describe('居民查看进度的私密链接路径（/t/<令牌>），只在创建时返回一次'),
});

export const actionResultResponse = z.object({ number: z.string(), status, version: z.int().min(0) });

export const caseListItemResponse = z.object({
  number: z.string(),
  description: z.string(),
  status,
  urgency: z.enum(URGENCIES),
  source: z.enum(CASE_SOURCES),
  categoryName: z.string().nullable(),
  placeName: z.string().describe('楼栋或网格名称'),
  gridName: z.string(),
  place: z.string().nullable().describe('补充的具体位置'),
  handlerKind: z.enum(HANDLER_KINDS).nullable(),
  handlerName: z.string().nullable(),
  unitName: z.string().nullable(),
  escalationLevel: z.int().min(0).max(2).describe('吹哨层级：0 网格，1 社区，2 职能部门'),
  supervised: z.boolean(),
  overdue: z.boolean(),
  createdAt: dateTime,
  acceptDueAt: dateTime,
  resolveDueAt: dateTime.nullable(),
  reopenCount: z.int().min(0),
  rating: z.enum(RATINGS).nullable(),
});

export const caseListResponse = z.object({
  items: z.array(caseListItemResponse),
  pageSize: z.int().min(1),
  hasMore: z.boolean().describe('是否还有下一页'),
  nextCursor: z.string().nullable().describe('下一页的游标：作为 cursor 参数原样传回；最后一页为 null'),
  total: z.int().min(0).optional().describe('符合条件的事项总数，只在请求带 count=exact 时返回'),
});

export const timelineEntryResponse = z.object({
  at: dateTime,
  action: z.string().describe('submit 或生命周期操作名'),
  actorLabel: z.string().describe('操作人当时的角色和姓名'),
  fromStatus: status.nullable(),
  toStatus: status,
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  photoCount: z.int().min(0),
});

export const caseDetailResponse = caseListItemResponse.extend({
  version: z.int().min(0).describe('版本号：执行操作时原样带回'),
  categoryId: z.int().nullable(),
  nodeId: z.int(),
  gridId: z.int(),
  householdAddress: z.string().nullable(),
  residentName: z.string().nullable(),
  residentPhone: z.string().nullable(),
  phoneMasked: z.boolean().describe('为 true 时手机号已打码（138****5678）'),
  supervisionNote: z.string().nullable(),
  extensionRequestedHours: z.int().nullable(),
  extensionReason: z.string().nullable(),
  duplicateOf: z.string().nullable().describe('被重复的原事项编号'),
  ratingComment: z.string().nullable(),
  closeReason: z.enum(['rated', 'not_rated']).nullable(),
  rateDueAt: dateTime.nullable(),
  actions: z.array(actionName).describe('调用方此刻可以执行的操作'),
  timeline: z.array(timelineEntryResponse),
});

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function caseListItemJson(c: CaseListItem): z.infer<typeof caseListItemResponse> {
  return {
    number: c.number,
    description: c.description,
    status: c.status,
    urgency: c.urgency,
    source: c.source,
    categoryName: c.categoryName,
    placeName: c.placeName,
    gridName: c.gridName,
    place: c.place,
    handlerKind: c.handlerKind,
    handlerName: c.handlerName,
    unitName: c.unitName,
    escalationLevel: c.escalationLevel,
    supervised: c.supervised,
    overdue: c.overdue,
    createdAt: iso(c.createdAt),
    acceptDueAt: iso(c.acceptDueAt),
    resolveDueAt: isoOrNull(c.resolveDueAt),
    reopenCount: c.reopenCount,
    rating: c.rating,
  };
}

export function caseListJson(page: CaseListPage): z.infer<typeof caseListResponse> {
  return {
    items: page.items.map(caseListItemJson),
    pageSize: page.pageSize,
    hasMore: page.next !== null,
    nextCursor: page.next && formatCursor(page.next),
    ...(page.total !== undefined && { total: page.total }),
  };
}

export function caseDetailJson(c: CaseDetail): z.infer<typeof caseDetailResponse> {
  return {
    ...caseListItemJson(c),
    version: c.version,
    categoryId: c.categoryId,
    nodeId: c.nodeId,
    gridId: c.gridId,
    householdAddress: c.householdAddress,
    residentName: c.residentName,
    residentPhone: c.residentPhone,
    phoneMasked: c.phoneMasked,
    supervisionNote: c.supervisionNote,
    extensionRequestedHours: c.extensionRequestedHours,
    extensionReason: c.extensionReason,
    duplicateOf: c.duplicateOf,
    ratingComment: c.ratingComment,
    closeReason: c.closeReason,
    rateDueAt: isoOrNull(c.rateDueAt),
    actions: c.actions,
    timeline: c.timeline.map((e) => ({
      at: iso(e.at),
      action: e.action,
      actorLabel: e.actorLabel,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      note: e.note,
      data: e.data,
      photoCount: e.photoIds.length,
    })),
  };
}

/** The error envelope every failure uses; codes and statuses are in lib/api/http.ts. */
export const errorResponse = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string().describe('中文说明，可直接展示给用户'),
    details: z
      .object({ fieldErrors: z.record(z.string(), z.array(z.string())), formErrors: z.array(z.string()) })
      .optional()
      .describe('校验失败时各字段的错误'),
    current: z.object({ version: z.int().min(0), status }).optional().describe('冲突或被拒绝时事项的当前版本和状态'),
  }),
});
