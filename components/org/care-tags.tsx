import type { CareTag } from '@/db/schema';
import { CARE_TAG_LABELS } from '@/lib/org/labels';

export function CareTags({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="关爱标签">
      {tags.map((t) => (
        <li key={t} className="rounded border border-amber-400 bg-amber-50 px-1.5 py-0.5 text-xs text-amber-900">
          {CARE_TAG_LABELS[t as CareTag] ?? t}
        </li>
      ))}
    </ul>
  );
}
