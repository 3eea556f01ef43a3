import Link from 'next/link';
import { CaseBadges } from '@/components/cases/status-badges';
import { describeDue } from '@/lib/cases/due';
import { RATINGS } from '@/db/schema';
import { ESCALATION_LABELS, RATING_LABELS, SOURCE_LABELS } from '@/lib/cases/labels';
import type { QueueRow } from '@/lib/desk/queue';
import { formatShort } from '@/lib/format/datetime';
import { BULK_FORM_ID } from './bulk-actions';
import s from './queue-table.module.css';
import { SelectAllOnPage } from './select-all';

function handlerText(r: QueueRow): string {
  switch (r.handlerKind) {
    case 'grid_worker':
      return `网格员 ${r.handlerName ?? ''}`;
    case 'party_member':
      return `党员 ${r.handlerName ?? ''}`;
    case 'board':
      return '认领台（待认领）';
    case 'unit':
      return r.unitName ?? '单位';
    default:
      if (r.escalationLevel > 0) return `已吹哨至${ESCALATION_LABELS[r.escalationLevel]}`;
      return r.status === 'accepted' ? '待分派' : '—';
  }
}

function DueCell({ r, now }: { r: QueueRow; now: Date }) {
  const running = r.status === 'submitted' ? r.acceptDueAt : r.status === 'accepted' || r.status === 'assigned' || r.status === 'in_progress' ? r.resolveDueAt : null;
  if (running) {
    return (
      <>
        <span className={s.muted}>{r.status === 'submitted' ? '受理' : '办结'}时限 </span>
        {formatShort(running)}{' '}
        <span className={`${s.stack} ${r.overdue ? 'font-semibold text-red-800' : s.muted}`}>{describeDue(running, now)}</span>
      </>
    );
  }
  if (r.resolvedAt) return <span className={s.muted}>办结于 {formatShort(r.resolvedAt)}</span>;
  return <span className={s.muted}>—</span>;
}

/** The queue rows with a checkbox each; the boxes belong to the bulk-action form. */
/** The resident's rating and, marked as theirs, the supporters' (附议) ratings: what 满意率 counts for this case. */
function Ratings({ r }: { r: QueueRow }) {
  const theirs = r.supporterRatings ? RATINGS.filter((k) => (r.supporterRatings?.[k] ?? 0) > 0).map((k) => `${RATING_LABELS[k]} ${r.supporterRatings![k]}`) : [];
  if (!r.rating && theirs.length === 0) return null;
  return (
    <span className="mt-1 block text-xs text-stone-700">
      {r.rating && <span className="block">评价：{RATING_LABELS[r.rating]}</span>}
      {theirs.length > 0 && <span className="block">附议居民评价：{theirs.join('、')}</span>}
    </span>
  );
}

export function QueueTable({ rows, now }: { rows: QueueRow[]; now: Date }) {
  return (
    <div className="rounded-xl border border-stone-200 bg-white">
      <div className="border-b border-stone-200 px-3 py-1 lg:hidden">
        <SelectAllOnPage formId={BULK_FORM_ID} />
      </div>
      <table className={s.table}>
        <caption className="sr-only">事项列表，勾选后可批量处理</caption>
        <thead className={s.head}>
          <tr>
            <th scope="col" className={s.colPick}>
              <SelectAllOnPage formId={BULK_FORM_ID} compact />
            </th>
            <th scope="col" className={s.colNumber}>编号</th>
            <th scope="col">摘要</th>
            <th scope="col" className={s.colCategory}>分类</th>
            <th scope="col" className={s.colPlace}>网格/楼栋</th>
            <th scope="col" className={`${s.colSource} ${s.wide}`}>来源</th>
            <th scope="col" className={s.colStatus}>状态</th>
            <th scope="col" className={s.colHandler}>承办</th>
            <th scope="col" className={s.colDue}>受理/办结时限</th>
            <th scope="col" className={`${s.colCreated} ${s.wide}`}>提交时间</th>
          </tr>
        </thead>
        <tbody className={s.body}>
          {rows.map((r) => (
            // Keyed by version too: a row changed by a bulk action comes back unticked.
            <tr key={`${r.id}:${r.version}`} className={s.row}>
              <td className={s.pick}>
                <input type="checkbox" name="item" form={BULK_FORM_ID} value={`${r.number}:${r.version}`} aria-label={`选择 ${r.number}`} className="size-5" />
              </td>
              <td className={`${s.cell} ${s.number}`}>
                {/* Not prefetched: fifty dynamic case pages fetched on every queue view would queue up ahead of the secretary's next click. */}
                <Link href={`/cases/${r.number}`} prefetch={false} className="whitespace-nowrap font-mono text-[13px] text-blue-800 hover:underline">
                  {r.number}
                </Link>
              </td>
              <td className={`${s.cell} ${s.summary}`}>
                <span className="line-clamp-2">{r.description}</span>
                <span className={s.meta}>
                  {SOURCE_LABELS[r.source]} · 提交于 {formatShort(r.createdAt)}
                </span>
              </td>
              <td className={`${s.cell} ${s.detail}`} data-label="分类">
                {r.categoryName ?? <span className={s.muted}>未分类</span>}
              </td>
              <td className={`${s.cell} ${s.detail}`} data-label="位置">
                {r.gridName}
                {r.placeName !== r.gridName && <span className={s.stack}> {r.placeName}</span>}
              </td>
              <td className={`${s.cell} ${s.detail} ${s.wide}`} data-label="来源">
                {SOURCE_LABELS[r.source]}
              </td>
              <td className={`${s.cell} ${s.status}`}>
                <CaseBadges status={r.status} overdue={r.overdue} supervised={r.supervised} urgency={r.urgency} reopenCount={r.reopenCount} supportCount={r.supportCount} />
                <Ratings r={r} />
              </td>
              <td className={`${s.cell} ${s.detail}`} data-label="承办">
                {handlerText(r)}
              </td>
              <td className={`${s.cell} ${s.timing}`}>
                <DueCell r={r} now={now} />
              </td>
              <td className={`${s.cell} ${s.timing} ${s.wide}`} data-label="提交">
                {formatShort(r.createdAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
