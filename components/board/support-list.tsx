// "是不是同一件事？": the open requests published for this place, each with a one-tap 附议 form (works without script).
import { STATUS_LABELS } from '@/lib/cases/labels';
import type { SupportableItem } from '@/lib/board/supports';

export function SupportList({ items, action, message }: { items: SupportableItem[]; action: (publicationId: number, formData: FormData) => Promise<void>; message?: string | null }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="same-heading" className="mt-5 rounded-2xl border-2 border-amber-400 bg-amber-50 p-4">
      <h2 id="same-heading" className="text-lg font-bold text-stone-900">
        是不是同一件事？
      </h2>
      <p className="mt-1 text-sm text-stone-700">下面这些问题已经有人反映、正在办理。如果是同一件事，点“我也遇到了”即可附议，不用重复提交；办结后您可以查看结果并评价。</p>
      {message && (
        <p role="status" className="mt-2 rounded-lg border border-stone-300 bg-white px-3 py-2 text-base">
          {message}
        </p>
      )}
      <ul className="mt-3 space-y-3">
        {items.map((item) => (
          <li key={item.publicationId} className="rounded-xl border border-stone-200 bg-white p-3">
            <p className="text-base text-stone-900">{item.text}</p>
            <p className="mt-1 text-sm text-stone-600">
              {item.placeName} · {STATUS_LABELS[item.status]} · {item.supportCount} 人附议
            </p>
            {item.supportedHere ? (
              <p className="mt-2 text-sm font-semibold text-brand-800">您已附议</p>
            ) : (
              <form action={action.bind(null, item.publicationId)} className="mt-2 space-y-2">
                <details className="text-sm">
                  <summary className="min-h-11 py-2 text-blue-800">留下手机号，办结后通知我（可选）</summary>
                  <label className="block">
                    <span className="text-stone-700">接收通知的电话</span>
                    <input name="phone" type="tel" inputMode="numeric" autoComplete="tel" maxLength={11} className="mt-1 block w-full rounded-lg border border-stone-400 px-3 py-2 text-base" />
                  </label>
                </details>
                <button type="submit" className="min-h-11 w-full rounded-lg bg-brand-700 px-4 text-base font-semibold text-white">
                  我也遇到了（附议）
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <p className="mt-3 text-sm text-stone-700">不是同一件事？请在下方填写新的诉求。</p>
    </section>
  );
}
