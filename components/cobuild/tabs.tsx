// The 大党委 pages' own links: 汇总表, 需求清单, 资源清单, 联席议事 (the desk roles'; a liaison has 本单位 and 资源清单).
import { SubNav } from '@/components/ui/sub-nav';

const DESK = [
  { href: '/cobuild', label: '汇总表' },
  { href: '/cobuild/needs', label: '需求清单' },
  { href: '/cobuild/resources', label: '资源清单' },
  { href: '/cobuild/meetings', label: '联席议事' },
];

export function CobuildTabs({ current }: { current: string }) {
  return <SubNav label="大党委" links={DESK} current={current} />;
}

/** The status as a word with a colour (the word carries it; the colour only helps). */
export function StatusBadge({ status, reported }: { status: 'not_started' | 'in_progress' | 'done' | 'shelved'; reported?: boolean }) {
  const label = { not_started: '未启动', in_progress: '推进中', done: '已完成', shelved: '已搁置' }[status];
  const tone = { not_started: 'bg-stone-100 text-stone-800', in_progress: 'bg-blue-50 text-blue-900', done: 'bg-green-50 text-green-900', shelved: 'bg-amber-50 text-amber-900' }[status];
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${tone}`}>
      {label}
      {reported && status === 'in_progress' && ' · 单位已报完成，待确认'}
    </span>
  );
}
