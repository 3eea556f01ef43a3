// The queue filters in words, for the export's summary sheet and the export log ("网格：龙盛华庭；状态：办理中").
import { eq } from 'drizzle-orm';
import type { AppDb } from '@/db/store';
import { accounts, categories, orgNodes, units } from '@/db/tables';
import { isWithinScope, type Scope } from '@/lib/auth/scope';
import { RATING_LABELS, SOURCE_LABELS, STATUS_LABELS, URGENCY_LABELS } from '@/lib/cases/labels';
import { SAVED_VIEWS, SORT_LABELS, type QueueFilters } from './filters';

export const RATING_FILTER_LABELS: Record<NonNullable<QueueFilters['rating']>, string> = { ...RATING_LABELS, none: '未评价', rated: '已评价' };

async function nameOf(db: AppDb, table: typeof categories | typeof units, id: number | undefined): Promise<string | undefined> {
  if (id === undefined) return undefined;
  const [row] = await db.select({ name: table.name }).from(table).where(eq(table.id, id)).limit(1);
  return row?.name ?? `#${id}`;
}

/** A grid or building outside the viewer's scope matches no rows; its name is not the viewer's to read either. */
async function nodeNameOf(db: AppDb, scope: Scope, id: number | undefined): Promise<string | undefined> {
  if (id === undefined) return undefined;
  const [node] = await db.select({ name: orgNodes.name, path: orgNodes.path }).from(orgNodes).where(eq(orgNodes.id, id)).limit(1);
  return node && isWithinScope(scope, node.path) ? node.name : `#${id}（不在您的范围内）`;
}

type FilterPart = { label: string; value: string };

/** Every set filter as label and value, in the order of the queue's form. Paging is left out: exports take all rows. */
async function handlerNameOf(db: AppDb, id: number | undefined): Promise<string | undefined> {
  if (id === undefined) return undefined;
  const [row] = await db.select({ name: accounts.displayName }).from(accounts).where(eq(accounts.id, id)).limit(1);
  return row?.name ?? `#${id}`;
}

async function filterParts(db: AppDb, scope: Scope, f: Partial<QueueFilters>): Promise<FilterPart[]> {
  const parts: FilterPart[] = [];
  const add = (label: string, value: string | undefined) => value && parts.push({ label, value });
  add('快捷视图', SAVED_VIEWS.find((v) => v.key === f.view)?.label);
  add('状态', f.status?.map((s) => STATUS_LABELS[s]).join('、'));
  add('分类', await nameOf(db, categories, f.categoryId));
  add('来源', f.source && SOURCE_LABELS[f.source]);
  add('紧急程度', f.urgency && URGENCY_LABELS[f.urgency]);
  add('网格', await nodeNameOf(db, scope, f.gridId));
  add('楼栋', await nodeNameOf(db, scope, f.buildingId));
  add('承办人', await handlerNameOf(db, f.handlerId));
  add('承办单位', await nameOf(db, units, f.unitId));
  add('超期', f.overdue ? '只看超期' : undefined);
  add('督办', f.supervised ? '只看督办' : undefined);
  add('评价', f.rating && `${RATING_FILTER_LABELS[f.rating]}${f.supporters && f.rating !== 'none' ? '（含附议居民的评价）' : ''}`);
  if (f.from || f.to) add('提交日期', `${f.from ?? '最早'} 至 ${f.to ?? '今天'}`);
  add('搜索', f.q && `“${f.q}”`);
  return parts;
}

/** Every set filter in words; "全部事项" when none is set. */
export async function describeFilters(db: AppDb, scope: Scope, f: Partial<QueueFilters>): Promise<string> {
  const parts = await filterParts(db, scope, f);
  const text = parts.length > 0 ? parts.map((p) => `${p.label}：${p.value}`).join('；') : '全部事项';
  return f.sort && f.sort !== 'newest' ? `${text}（按${SORT_LABELS[f.sort]}排序）` : text;
}

const SHORT_NAME_CHARS = 40;

/** The filter's values alone, for a file name ("超期_龙盛华庭"); "全部事项" when none is set. */
export async function shortFilterName(db: AppDb, scope: Scope, f: Partial<QueueFilters>): Promise<string> {
  const values = (await filterParts(db, scope, f)).map((p) => (p.label === '提交日期' ? p.value.replace(' 至 ', '至') : p.value.replace(/[“”]/g, '')));
  const name = values.join('_') || '全部事项';
  return name.length > SHORT_NAME_CHARS ? `${name.slice(0, SHORT_NAME_CHARS)}等` : name;
}
