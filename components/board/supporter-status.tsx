// A supporter's view of the case they support (附议): its progress, the result, and their one rating.
import { ProgressStepper } from '@/components/intake/progress-stepper';
import { RATING_LABELS, STATUS_LABELS } from '@/lib/cases/labels';
import type { SupporterView } from '@/lib/board/supports';
import { formatDateTime } from '@/lib/format/datetime';

const CHOICES = [
  { value: 'satisfied', label: '满意' },
  { value: 'basically', label: '基本满意' },
  { value: 'unsatisfied', label: '不满意' },
] as const;

export function SupporterStatus({ view, token, rateAction, heading }: { view: SupporterView; token: string; rateAction: (formData: FormData) => Promise<void>; heading: string }) {
  return (
    <section aria-labelledby="supported-heading" className="mt-4 rounded-2xl border border-stone-200 bg-white p-4 shadow-sm">
      <h2 id="supported-heading" className="text-lg font-semibold">
        {heading}
      </h2>
      <p className="mt-1 text-sm text-stone-600">
        事项编号 <span className="font-mono">{view.number}</span> · {view.placeName} · {view.supportCount} 人附议
      </p>
      {view.publicText && <p className="mt-2 text-base text-stone-900">{view.publicText}</p>}
      <p className="mt-2 text-xl font-bold">{STATUS_LABELS[view.status]}</p>
      {view.resolutionNote && (
        <div className="mt-3 rounded-xl border border-brand-700 bg-brand-50 p-3">
          <h3 className="text-base font-semibold">办理结果</h3>
          <p className="mt-1 whitespace-pre-wrap text-base">{view.resolutionNote}</p>
        </div>
      )}
      {view.mayRate && (
        <form action={rateAction} className="mt-4">
          <input type="hidden" name="token" value={token} />
          <fieldset>
            <legend className="text-base font-semibold">您对办理结果满意吗？（每人评价一次）</legend>
            <div className="mt-2 grid gap-2">
              {CHOICES.map((c) => (
                <button key={c.value} type="submit" name="rating" value={c.value} className="min-h-12 rounded-xl border-2 border-stone-300 bg-white px-4 text-left text-lg font-medium hover:border-brand-700">
                  {c.label}
                </button>
              ))}
            </div>
          </fieldset>
        </form>
      )}
      {view.rating && <p className="mt-3 text-base font-semibold text-brand-800">感谢您的评价：{RATING_LABELS[view.rating]}</p>}
      <div className="mt-4">
        <ProgressStepper stages={view.stages} status={view.status} statusSince={view.supportedAt} reopened={false} />
      </div>
      <ol className="mt-3 space-y-2">
        {[...view.steps].reverse().map((s) => (
          <li key={s.id} className="border-l-4 border-stone-200 pl-3 text-sm">
            {s.label} · <time dateTime={s.at.toISOString()}>{formatDateTime(s.at)}</time>
          </li>
        ))}
      </ol>
    </section>
  );
}
