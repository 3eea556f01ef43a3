import type { CountKey, OrgCounts } from '@/lib/org/counts';
import { COUNT_LABELS } from '@/lib/org/labels';

const DEFAULT_KEYS: CountKey[] = ['grids', 'buildings', 'households', 'residents', 'partyMembers', 'centralHouseholds', 'careHouseholds'];

/** The counts of a subtree as a grid of labelled figures. */
export function CountStats({ counts, keys = DEFAULT_KEYS }: { counts: OrgCounts; keys?: CountKey[] }) {
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-7">
      {keys.map((key) => (
        <div key={key} className="rounded-lg border border-stone-200 bg-white px-3 py-2">
          <dt className="text-xs text-stone-600">{COUNT_LABELS[key]}</dt>
          <dd className="text-xl font-semibold tabular-nums" data-testid={`count-${key}`}>
            {counts[key].toLocaleString('zh-CN')}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The same counts, inline and compact, for tree rows and tables. */
export function CountInline({ counts, keys }: { counts: OrgCounts; keys: CountKey[] }) {
  return (
    <span className="text-xs text-stone-600">
      {keys.map((key, i) => (
        <span key={key}>
          {i > 0 && ' · '}
          {COUNT_LABELS[key]} <span className="font-medium tabular-nums text-stone-800">{counts[key].toLocaleString('zh-CN')}</span>
        </span>
      ))}
    </span>
  );
}
