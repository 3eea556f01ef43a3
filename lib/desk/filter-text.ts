// The queue filters in words, for the export's summary sheet and the export log ("网格：龙盛华庭；状态：办理中").
import { eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accounts, categories, orgNodes, units } from '@/db/schema';
import { isWithinScope, type Scope } from '@/lib/auth/scope';
import { RATING_LABELS, SOURCE_LABELS, STATUS_LABELS, URGENCY_LABELS } from '@/lib/cases/labels';
import { SAVED_VIEWS, SORT_LABELS, type QueueFilters } from './filters';

const RATING_FILTER_LABELS: Record<NonNullable<QueueFilters['rating']>, string> = { ...RATING_LABELS, none: '未评价' };

function nameOf(db: DB, table: typeof categories | typeof units, id: number | undefined): string | undefined {
  if (id === undefined) return undefined;
  return db.select({ name: table.name }).from(table).where(eq(table.id, id)).get()?.name ?? `#${id}`;
}

/** A grid or building outside the viewer's scope matches no rows; its name is not the viewer's to read either. */
function nodeNameOf(db: DB, scope: Scope, id: number | undefined): string | undefined {
  if (id === undefined) return undefined;
  const node = db.select({ name: orgNodes.name, path: orgNodes.path }).from(orgNodes).where(eq(orgNodes.id, id)).get();
  return node && isWithinScope(scope, node.path) ? node.name : `#${id}（不在您的范围内）`;
}

type FilterPart = { label: string; value: string };

/** Every set filter as label and value, in the order of the queue's form. Paging is left out: exports take all rows. */
function filterParts(db: DB, scope: Scope, f: Partial<QueueFilters>): FilterPart[] {
  const parts: FilterPart[] = [];
  const add = (label: string, value: string | undefined) => value && parts.push({ label, value });
  add('快捷视图', SAVED_VIEWS.find((v) => v.key === f.view)?.label);
  add('状态', f.status?.map((s) => STATUS_LABELS[s]).join('、'));
  add('分类', nameOf(db, categories, f.categoryId));
  add('来源', f.source && SOURCE_LABELS[f.source]);
  add('紧急程度', f.urgency && URGENCY_LABELS[f.urgency]);
  add('网格', nodeNameOf(db, scope, f.gridId));
  add('楼栋', nodeNameOf(db, scope, f.buildingId));
  add('承办人', f.handlerId === undefined ? undefined : (db.select({ name: accounts.displayName }).from(accounts).where(eq(accounts.id, f.handlerId)).get()?.name ?? `#${f.handlerId}`));
  add('承办单位', nameOf(db, units, f.unitId));
  add('超期', f.overdue ? '只看超期' : undefined);
  add('督办', f.supervised ? '只看督办' : undefined);
  add('评价', f.rating && RATING_FILTER_LABELS[f.rating]);
  if (f.from || f.to) add('提交日期', `${f.from ?? '最早'} 至 ${f.to ?? '今天'}`);
  add('搜索', f.q && `“${f.q}”`);
  return parts;
}

/** Every set filter in words; "全部事项" when none is set. */
export function describeFilters(db: DB, scope: Scope, f: Partial<QueueFilters>): string {
  const parts = filterParts(db, scope, f);
  const text = parts.length > 0 ? parts.map((p) => `${p.label}：${p.value}`).join('；') : '全部事项';
  return f.sort && f.sort !== 'newest' ? `${text}（按${SORT_LABELS[f.sort]}排序）` : text;
}

const SHORT_NAME_CHARS = 40;

/** The filter's values alone, for a file name ("超期_龙盛华庭"); "全部事项" when none is set. */
export function shortFilterName(db: DB, scope: Scope, f: Partial<QueueFilters>): string {
  const values = filterParts(db, scope, f).map((p) => (p.label === '提交日期' ? p.value.replace(' 至 ', '至') : p.value.replace(/[“”]/g, '')));
  const name = values.join('_') || '全部事项';
  return name.length > SHORT_NAME_CHARS ? `${name.slice(0, SHORT_NAME_CHARS)}等` : name;
}
