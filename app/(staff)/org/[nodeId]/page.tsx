import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/components/org/breadcrumbs';
import { CareTags } from '@/components/org/care-tags';
import { CountInline, CountStats } from '@/components/org/count-stats';
import { PartyChain } from '@/components/org/party-chain';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore, type AppDb } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { HOUSEHOLD_STATUS_LABELS } from '@/lib/registry/households';
import { isWithinScope } from '@/lib/auth/scope';
import { ORG_KIND_LABELS, PARTY_MEMBER_KIND_LABELS } from '@/lib/org/labels';
import { getNodeView, listCentralHouseholdsOfNode, listHouseholdsOfNode, listPartyMembersOfNode } from '@/lib/org/queries';
import { nodePageSearchSchema, parseId } from '@/lib/org/schemas';
import { RetiredBadge } from '@/components/org/retired-badge';
import { buildingLeader, CHILD_KIND, KIND_NOUN, mayEditNode, mayMaintainKind } from '@/lib/registry/nodes';

export const metadata: Metadata = { title: '组织节点' };

const HEADER_LINK = 'inline-flex min-h-11 items-center rounded-lg border border-brand-700 px-4 font-medium text-brand-800 hover:bg-brand-50';

const PARTY_LEVEL = { county: '县委', township: '党委', community: '社区党总支', grid: '小区党支部', building: '楼栋党小组' } as const;

export default async function OrgNodePage({
  params,
  searchParams,
}: {
  params: Promise<{ nodeId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const nodeId = parseId((await params).nodeId);
  if (nodeId === null) notFound();
  const db = appStore().db;
  const view = await getNodeView(db, user.scope, nodeId);
  if (!view) notFound();
  const { node, ancestors } = view;
  const { care, created } = nodePageSearchSchema.parse(await searchParams);
  const manages = user.role === 'admin' || user.role === 'secretary';
  const childKind = CHILD_KIND[node.kind];
  const mayAddChild = manages && !node.retired && childKind !== undefined && mayMaintainKind(user.role, childKind) && !(childKind === 'building' && node.rural);
  const leader = node.kind === 'building' ? await buildingLeader(db, { id: node.id, leaderPartyMemberId: view.leaderPartyMemberId }) : null;
  const holdsHouseholds = node.kind === 'building' || (node.kind === 'grid' && node.rural);

  const chain = [...ancestors, node]
    .filter((n) => n.partyOrgName && (n.kind === 'community' || n.kind === 'grid' || n.kind === 'building'))
    .map((n) => ({ level: PARTY_LEVEL[n.kind], name: n.partyOrgName! }));

  return (
    <>
      <Breadcrumbs
        crumbs={ancestors.map((a) => ({ id: a.id, name: a.name, linked: isWithinScope(user.scope, a.path) }))}
        current={node.name}
      />
      <PageHeader title={node.name} subtitle={`${ORG_KIND_LABELS[node.kind]}${node.partyOrgName ? ` · ${node.partyOrgName}` : ''}${node.retired ? ' · 已撤销' : ''}`}>
        <div className="flex flex-wrap gap-2">
          {manages && mayEditNode(user.role, node.kind) && (
            <Link href={`/org/${node.id}/edit`} className={HEADER_LINK}>
              编辑
            </Link>
          )}
          {mayAddChild && (
            <Link href={`/org/${node.id}/new`} className={HEADER_LINK}>
              新建{KIND_NOUN[childKind!]}
            </Link>
          )}
          {manages && !node.retired && (node.kind === 'grid' || node.kind === 'building') && (
            <Link href={`/org/${node.id}/qr`} className={HEADER_LINK}>
              打印二维码
            </Link>
          )}
        </div>
      </PageHeader>
      {created === '1' && (
        <p role="status" className="mb-4 rounded-lg border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          已新建「{node.name}」。
        </p>
      )}
      {node.retired && (
        <p className="mb-4 rounded-lg border border-stone-300 bg-stone-50 px-3 py-2 text-sm">
          <RetiredBadge /> 该{KIND_NOUN[node.kind]}已撤销：不再受理新的诉求，二维码已停用；历史记录保留。
        </p>
      )}
      <div className="mb-4">
        <PartyChain links={chain} />
      </div>
      {node.kind === 'grid' && (
        <p className="mb-4 text-sm">
          网格员：
          {node.gridWorkers.length === 0 ? (
            <strong>未配备</strong>
          ) : (
            node.gridWorkers.map((w, i) => (
              <span key={w.id}>
                {i > 0 && '、'}
                {/* Accounts are kept on the accounts page (lib/registry/accounts.ts); the grid page only shows and links them. */}
                {manages ? (
                  <Link href={`/admin/accounts/${w.id}`} className="font-semibold text-blue-800 underline">
                    {w.name}
                  </Link>
                ) : (
                  <strong>{w.name}</strong>
                )}
              </span>
            ))
          )}
        </p>
      )}
      {node.kind === 'building' && (
        <p className="mb-4 text-sm">
          楼栋党小组长：<strong>{leader ? `${leader.name}${leader.serving ? '' : '（已不在本楼栋服务）'}` : '未设置'}</strong>
        </p>
      )}
      <div className="mb-6">
        <CountStats counts={node.counts} keys={holdsHouseholds ? ['households', 'residents', 'partyMembers', 'centralHouseholds', 'careHouseholds'] : undefined} />
      </div>

      {node.children.length > 0 && (
        <Section title={`下辖${ORG_KIND_LABELS[node.children[0]!.kind]}（${node.children.length}）`} id="children">
          <ul className="divide-y divide-stone-200">
            {node.children.map((child) => (
              <li key={child.id} className="py-2">
                <Link href={`/org/${child.id}`} className="flex min-h-11 flex-col justify-center rounded px-1 hover:bg-stone-50">
                  <span className="font-medium text-blue-800">
                    {child.name}
                    {child.retired && (
                      <span className="ml-2">
                        <RetiredBadge />
                      </span>
                    )}
                    {child.partyOrgName && <span className="ml-2 text-xs font-normal text-red-800">{child.partyOrgName}</span>}
                  </span>
                  {child.kind === 'grid' && (
                    <span className="text-xs text-stone-700">网格员：{child.gridWorkers.map((w) => w.name).join('、') || '未配备'}</span>
                  )}
                  <CountInline
                    counts={child.counts}
                    keys={child.kind === 'building' ? ['households', 'residents', 'centralHouseholds', 'careHouseholds'] : ['buildings', 'households', 'residents', 'partyMembers']}
                  />
                </Link>
              </li>
            ))}
          </ul>
        </Section>
      )}

      {holdsHouseholds && <HouseholdSections userScope={user.scope} nodeId={node.id} careOnly={care === '1'} db={db} />}
    </>
  );
}

async function HouseholdSections({
  db,
  userScope,
  nodeId,
  careOnly,
}: {
  db: AppDb;
  userScope: Parameters<typeof listHouseholdsOfNode>[1];
  nodeId: number;
  careOnly: boolean;
}) {
  const [centrals, members, homes] = await Promise.all([
    listCentralHouseholdsOfNode(db, userScope, nodeId),
    listPartyMembersOfNode(db, userScope, nodeId),
    listHouseholdsOfNode(db, userScope, nodeId, { careOnly }),
  ]);
  return (
    <>
      <Section title={`党员中心户（${centrals.length}）`} id="central">
        {centrals.length === 0 ? (
          <p className="text-sm text-stone-600">暂无党员中心户。</p>
        ) : (
          <ul className="space-y-3">
            {centrals.map((c) => (
              <li key={c.id} className="rounded-lg border border-stone-200 p-3">
                <p>
                  <Link href={`/households/${c.householdId}`} className="font-medium text-blue-800 hover:underline">
                    {c.address}
                  </Link>
                  <span className="ml-2 text-sm">党员 {c.memberName}</span>
                </p>
                <p className="mt-1 text-xs text-stone-600">联系 {c.looksAfter.length} 户：</p>
                <ul className="mt-1 flex flex-wrap gap-1 text-xs">
                  {c.looksAfter.map((h) => (
                    <li key={h.householdId}>
                      <Link href={`/households/${h.householdId}`} className="inline-block rounded bg-stone-100 px-2 py-1 text-stone-800 hover:bg-stone-200">
                        {h.address.split(' ').slice(-2).join(' ')}
                      </Link>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title={`包楼党员（${members.length}）`} id="members">
        <ul className="flex flex-wrap gap-2 text-sm">
          {members.map((m) => (
            <li key={m.id} className="rounded border border-stone-200 px-2 py-1">
              {m.name}
              <span className="ml-1 text-xs text-stone-600">
                {PARTY_MEMBER_KIND_LABELS[m.kind]}
                {m.workplace && ` · ${m.workplace}`}
              </span>
            </li>
          ))}
        </ul>
      </Section>

      <Section title={careOnly ? `关爱户（${homes.length}）` : `住户（${homes.length}）`} id="households">
        <p className="mb-3 flex flex-wrap gap-x-4 gap-y-2 text-sm">
          <Link href={`/households/new?nodeId=${nodeId}`} className="text-blue-800 underline">
            新增住户
          </Link>
          {careOnly ? (
            <Link href={`/org/${nodeId}`} className="text-blue-800 underline">
              显示全部住户
            </Link>
          ) : (
            <Link href={`/org/${nodeId}?care=1`} className="text-blue-800 underline">
              只看关爱户（80岁以上、独居、特困、残疾、留守/流动儿童）
            </Link>
          )}
        </p>
        <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
          {homes.map((h) => (
            <li key={h.id}>
              <Link href={`/households/${h.id}`} className="block min-h-11 rounded-lg border border-stone-200 p-2 hover:bg-stone-50">
                <span className="font-medium">{[h.unit, h.room].filter(Boolean).join(' ') || h.address}</span>
                <span className="ml-2 text-xs text-stone-600">{h.size} 人</span>
                {h.isCentral && <span className="ml-2 rounded bg-red-700 px-1.5 py-0.5 text-xs text-white">党员中心户</span>}
                {h.status !== 'occupied' && <span className="ml-2 rounded bg-stone-200 px-1.5 py-0.5 text-xs text-stone-800">{HOUSEHOLD_STATUS_LABELS[h.status]}</span>}
                <span className="mt-1 block">
                  <CareTags tags={h.tags} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
