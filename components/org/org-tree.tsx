import Link from 'next/link';
import type { OrgTreeNode } from '@/lib/org/queries';
import { ORG_KIND_LABELS } from '@/lib/org/labels';
import { CountInline } from './count-stats';
import { RetiredBadge } from './retired-badge';
import type { CountKey } from '@/lib/org/counts';

const KEYS_BY_KIND: Record<OrgTreeNode['kind'], CountKey[]> = {
  county: ['grids', 'households', 'residents', 'partyMembers'],
  township: ['grids', 'households', 'residents', 'partyMembers'],
  community: ['grids', 'buildings', 'households', 'residents', 'partyMembers', 'centralHouseholds'],
  grid: ['buildings', 'households', 'residents', 'partyMembers', 'centralHouseholds'],
  building: ['households', 'residents', 'partyMembers', 'centralHouseholds', 'careHouseholds'],
};

function NodeLine({ node }: { node: OrgTreeNode }) {
  return (
    <span className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
      <Link href={`/org/${node.id}`} className="font-medium text-blue-800 underline-offset-2 hover:underline">
        {node.name}
      </Link>
      {node.retired && <RetiredBadge />}
      <span className="text-xs text-stone-600">
        {ORG_KIND_LABELS[node.kind]}
        {node.rural && '（农村）'}
      </span>
      {node.partyOrgName && <span className="text-xs text-red-800">{node.partyOrgName}</span>}
      {node.kind === 'grid' && (
        <span className="text-xs text-stone-700">网格员：{node.gridWorkers.map((w) => w.name).join('、') || '未配备'}</span>
      )}
      <CountInline counts={node.counts} keys={KEYS_BY_KIND[node.kind]} />
    </span>
  );
}

/**
 * The tree as nested lists. Each node's line stays visible; only its children fold away, under
 * a summary of their own (a link inside a summary would be an interactive control in another).
 */
export function OrgTree({ nodes }: { nodes: OrgTreeNode[] }) {
  return (
    <ul className="space-y-1">
      {nodes.map((node) => (
        <li key={node.id}>
          <div className="min-h-11 px-2 py-2">
            <NodeLine node={node} />
          </div>
          {node.children.length > 0 && (
            <details open={node.kind !== 'grid'} className="ml-3 border-l border-stone-200 pl-3">
              <summary className="min-h-11 rounded-lg px-2 py-2 text-sm text-stone-700 hover:bg-stone-100">
                下辖{ORG_KIND_LABELS[node.children[0]!.kind]} {node.children.length} 个
                <span className="sr-only">（{node.name}）</span>
              </summary>
              <OrgTree nodes={node.children} />
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}
