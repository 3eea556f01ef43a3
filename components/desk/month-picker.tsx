import { monthName } from '@/lib/stats/period';

/**
 * Picks a month with a plain form: a select of recent months works in every browser
 * (unlike <input type="month">) and needs no JavaScript. GET to view a page; POST for a download.
 */
export function MonthPicker({ action, months, selected, id, label = '月份', submitLabel = '查看', method = 'get' }: { action: string; months: readonly string[]; selected: string; id: string; label?: string; submitLabel?: string; method?: 'get' | 'post' }) {
  return (
    <form action={action} method={method} className="flex flex-wrap items-end gap-2">
      <label htmlFor={id} className="text-sm">
        {label}
        <select id={id} name="month" defaultValue={selected} className="mt-1 block min-h-11 rounded-lg border border-stone-400 bg-white px-2">
          {months.map((m) => (
            <option key={m} value={m}>
              {monthName(m)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="min-h-11 rounded-lg bg-stone-800 px-4 font-medium text-white hover:bg-stone-900">
        {submitLabel}
      </button>
    </form>
  );
}
