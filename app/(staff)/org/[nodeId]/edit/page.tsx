import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/components/org/breadcrumbs';
import { EditNodeForm, LeaderForm, MoveNodeForm, RetireNodeForm } from '@/components/org/node-forms';
import { RetiredBadge } from '@/components/org/retired-badge';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { isWithinScope } from '@/lib/auth/scope';
import { ORG_KIND_LABELS, PARTY_MEMBER_KIND_LABELS } from '@/lib/org/labels';
import { getAncestors, getNodeInScope } from '@/lib/org/queries';
import { parseId } from '@/lib/org/schemas';
import {
  activeDescendantCount,
  buildingLeader,
  KIND_NOUN,
  leaderCandidates,
  mayEditNode,
  mayMaintainKind,
  MOVE_TARGET_KIND,
  moveTargets,
  PARTY_ORG_LABEL,
} from '@/lib/registry/nodes';

export const metadata: Metadata = { title: '编辑组织节点' };

/** The edit panels of one node: names, the building's party-group leader, moving and retiring. */
export default async function EditNodePage({ params }: { params: Promise<{ nodeId: string }> }) {
  const user = await requireUser(['admin', 'secretary']);
  const nodeId = parseId((await params).nodeId);
  if (nodeId === null) notFound();
  const db = appStore().db;
  const node = await getNodeInScope(db, user.scope, nodeId);
  if (!node || !mayEditNode(user.role, node.kind)) notFound();
  const ancestors = await getAncestors(db, node);
  const maintain = mayMaintainKind(user.role, node.kind);
  const targetKind = MOVE_TARGET_KIND[node.kind];
  const leader = node.kind === 'building' ? await buildingLeader(db, node) : null;
  const targets = targetKind && maintain ? await moveTargets(db, user, node) : [];

  return (
    <>
      <Breadcrumbs crumbs={[...ancestors, node].map((a) => ({ id: a.id, name: a.name, linked: isWithinScope(user.scope, a.path) }))} current="编辑" />
      <PageHeader title={`编辑 ${node.name}`} subtitle={ORG_KIND_LABELS[node.kind]}>
        <Link href={`/org/${node.id}`} className="inline-flex min-h-11 items-center rounded-lg border border-stone-400 px-4 font-medium hover:bg-stone-50">
          返回{KIND_NOUN[node.kind]}页面
        </Link>
      </PageHeader>

      {node.retiredAt ? (
        <p className="rounded-lg border border-stone-300 bg-stone-50 p-4">
          <RetiredBadge /> 该{KIND_NOUN[node.kind]}已撤销，历史记录保留，不能再修改。
        </p>
      ) : (
        <>
          <Section title="基本信息" id="basic">
            <EditNodeForm node={node} partyOrgLabel={PARTY_ORG_LABEL[node.kind]} />
          </Section>

          {node.kind === 'building' && maintain && (
            <Section title="楼栋党小组长" id="leader">
              {leader && !leader.serving && <p className="mb-3 text-sm text-amber-800">现任党小组长 {leader.name} 已转出或不再服务本楼栋，请重新选择。</p>}
              <LeaderForm
                nodeId={node.id}
                currentId={leader?.serving ? leader.id : null}
                candidates={(await leaderCandidates(db, node.id)).map((c) => ({ id: c.id, name: c.name, kindLabel: PARTY_MEMBER_KIND_LABELS[c.kind] }))}
              />
            </Section>
          )}

          {targetKind && maintain && (
            <Section title="调整归属" id="move">
              {targets.length > 0 ? (
                <MoveNodeForm nodeId={node.id} noun={KIND_NOUN[node.kind]} targetNoun={KIND_NOUN[targetKind]} targets={targets} />
              ) : (
                <p className="text-sm text-stone-700">
                  您负责的范围内没有其他可调入的{KIND_NOUN[targetKind]}。调整到其他{KIND_NOUN[targetKind]}请联系系统管理员或乡镇（街道）书记。
                </p>
              )}
            </Section>
          )}

          {maintain && !user.scope.paths.includes(node.path) && (
            <Section title="撤销" id="retire">
              <RetireNodeForm nodeId={node.id} name={node.name} below={await activeDescendantCount(db, node)} />
            </Section>
          )}
        </>
      )}
    </>
  );
}
