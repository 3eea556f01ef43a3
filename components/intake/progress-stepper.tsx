import type { CaseStatus } from '@/db/schema';
import { STATUS_LABELS } from '@/lib/cases/labels';
import { STAGE_LABELS } from '@/lib/cases/public-labels';
import type { StageView } from '@/lib/cases/public-view';
import { formatShort } from '@/lib/format/datetime';

const SIDE_STATES: readonly CaseStatus[] = ['rejected', 'duplicate'];

/**
 * 待受理 → 已受理 → 办理中 → 已办结 → 已关闭, top to bottom (readable on a narrow phone). A
 * rejected or duplicate case ends in its side state after 待受理. Each step says its state in
 * words and with a mark, never by colour alone.
 */
export function ProgressStepper({ stages, status, statusSince, reopened }: { stages: StageView[]; status: CaseStatus; statusSince: Date; reopened: boolean }) {
  const side = SIDE_STATES.includes(status);
  const items = side
    ? [{ key: 'submitted', label: STAGE_LABELS.submitted, state: 'done' as const, at: stages[0]?.at ?? null }, { key: status, label: STATUS_LABELS[status], state: 'side' as const, at: statusSince }]
    : stages.map((s) => ({
        key: s.stage,
        label: s.stage === 'in_progress' && reopened ? `${STAGE_LABELS.in_progress}（重新办理）` : STAGE_LABELS[s.stage],
        state: s.state,
        at: s.at,
      }));

  return (
    <ol className="space-y-0" aria-label="办理进度">
      {items.map((item, i) => {
        const last = i === items.length - 1;
        const mark =
          item.state === 'done'
            ? { text: '✓', className: 'bg-emerald-700 text-white border-emerald-700' }
            : item.state === 'current'
              ? { text: String(i + 1), className: 'bg-brand-700 text-white border-brand-700 ring-4 ring-brand-100' }
              : item.state === 'side'
                ? { text: '✕', className: 'bg-stone-700 text-white border-stone-700' }
                : { text: String(i + 1), className: 'bg-white text-stone-500 border-stone-300' };
        const word = item.state === 'done' ? '已完成' : item.state === 'current' ? '当前' : item.state === 'side' ? '结束' : '未开始';
        return (
          <li key={item.key} aria-current={item.state === 'current' || item.state === 'side' ? 'step' : undefined} className="relative flex gap-3 pb-4">
            {!last && <span aria-hidden="true" className={`absolute left-[15px] top-8 h-[calc(100%-2rem)] w-0.5 ${item.state === 'done' ? 'bg-emerald-700' : 'bg-stone-300'}`} />}
            <span aria-hidden="true" className={`z-0 flex h-8 w-8 shrink-0 items-center justify-center rounded-full border-2 text-sm font-bold ${mark.className}`}>
              {mark.text}
            </span>
            <span className="min-w-0 pt-1">
              <span className={`text-base ${item.state === 'todo' ? 'text-stone-500' : 'font-semibold text-stone-900'}`}>{item.label}</span>
              <span
                className={`ml-2 rounded px-1.5 py-0.5 text-xs ${item.state === 'current' ? 'bg-brand-100 text-brand-800' : item.state === 'todo' ? 'text-stone-500' : 'bg-stone-100 text-stone-700'}`}
              >
                {word}
              </span>
              {item.at && (
                <time dateTime={item.at.toISOString()} className="block text-sm text-stone-600">
                  {formatShort(item.at)}
                </time>
              )}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
