import type { CaseStatus, Urgency } from '@/db/schema';
import { STATUS_LABELS } from '@/lib/cases/labels';

const STATUS_STYLE: Record<CaseStatus, string> = {
  submitted: 'bg-amber-100 text-amber-900 border-amber-300',
  accepted: 'bg-sky-100 text-sky-900 border-sky-300',
  assigned: 'bg-indigo-100 text-indigo-900 border-indigo-300',
  in_progress: 'bg-blue-100 text-blue-900 border-blue-300',
  resolved: 'bg-emerald-100 text-emerald-900 border-emerald-300',
  closed: 'bg-stone-200 text-stone-800 border-stone-300',
  rejected: 'bg-stone-200 text-stone-800 border-stone-300',
  duplicate: 'bg-stone-200 text-stone-800 border-stone-300',
};

/** Status, overdue, supervision and urgency as words, never as colour alone. */
export function CaseBadges({
  status,
  overdue,
  supervised,
  urgency,
  reopenCount = 0,
  handlerKind = null,
  supportCount = 0,
}: {
  status: CaseStatus;
  overdue: boolean;
  supervised: boolean;
  urgency: Urgency;
  reopenCount?: number;
  /** A case handed to the claim board is waiting for a party member: 待认领, not the 已派单 that reads as taken. */
  handlerKind?: string | null;
  /** 附议: residents who said "me too". */
  supportCount?: number;
}) {
  const badge = 'inline-flex items-center rounded border px-1.5 py-0.5 text-xs font-medium';
  return (
    <span className="inline-flex flex-wrap gap-1">
      <span className={`${badge} ${STATUS_STYLE[status]}`}>{status === 'assigned' && handlerKind === 'board' ? '待认领' : STATUS_LABELS[status]}</span>
      {overdue && <span className={`${badge} border-red-700 bg-red-700 text-white`}>已超期</span>}
      {supervised && <span className={`${badge} border-red-300 bg-red-50 text-red-900`}>督办</span>}
      {urgency === 'urgent' && <span className={`${badge} border-orange-400 bg-orange-50 text-orange-900`}>紧急</span>}
      {reopenCount > 0 && <span className={`${badge} border-purple-300 bg-purple-50 text-purple-900`}>重办 {reopenCount} 次</span>}
      {supportCount > 0 && <span className={`${badge} border-amber-400 bg-amber-50 text-amber-900`}>附议 {supportCount} 人</span>}
    </span>
  );
}
