import Link from 'next/link';
import type { OrgTreeNode } from '@/lib/org/queries';
import { ORG_KIND_LABELS } from '@/lib/org/labels';
import { CountInline } from './count-stats';
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

/** The tree as nested disclosure lists; levels above grids start open. */
export function OrgTree({ nodes }: { nodes: OrgTreeNode[] }) {
  return (
    <ul className="space-y-1">
      {nodes.map((node) => (
        <li key={node.id} className="rounded-lg">
          {node.children.length > 0 ? (
            <details open={node.kind !== 'grid'} className="group">
              <summary className="min-h-11 rounded-lg px-2 py-2 hover:bg-stone-100">
                <NodeLine node={node} />
              </summary>
              <div className="ml-3 border-l border-stone-200 pl-3">
                <OrgTree nodes={node.children} />
              </div>
            </details>
          ) : (
            <div className="min-h-11 px-2 py-2 pl-6">
              <NodeLine node={node} />
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
