import { SubNav } from '@/components/ui/sub-nav';

const LINKS = [
  { href: '/desk/pledges', label: '月中督诺' },
  { href: '/desk/pledges/items', label: '民意事项清单' },
  { href: '/desk/pledges/evaluate', label: '月末评诺' },
  { href: '/desk/pledges/results', label: '评诺结果' },
] as const;

/** The secretary's four pledge pages, one row of tabs. */
export function PledgeNav({ current }: { current: (typeof LINKS)[number]['href'] }) {
  return <SubNav label="党员每月一件事" links={LINKS} current={current} />;
}
