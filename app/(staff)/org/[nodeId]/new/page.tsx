import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/components/org/breadcrumbs';
import { CreateNodeForm } from '@/components/org/node-forms';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { isWithinScope } from '@/lib/auth/scope';
import { getAncestors, getNodeInScope } from '@/lib/org/queries';
import { parseId } from '@/lib/org/schemas';
import { CHILD_KIND, KIND_NOUN, mayMaintainKind, PARTY_ORG_LABEL } from '@/lib/registry/nodes';

export const metadata: Metadata = { title: '新建下级' };

/** 新建下级: a grid in a community, a building in a grid (a community in a township for the administrator). */
export default async function NewChildPage({ params }: { params: Promise<{ nodeId: string }> }) {
  const user = await requireUser(['admin', 'secretary']);
  const parentId = parseId((await params).nodeId);
  if (parentId === null) notFound();
  const db = appStore().db;
  const parent = await getNodeInScope(db, user.scope, parentId);
  const kind = parent ? CHILD_KIND[parent.kind] : undefined;
  if (!parent || !kind || parent.retiredAt || !mayMaintainKind(user.role, kind) || (kind === 'building' && parent.rural)) notFound();
  const ancestors = await getAncestors(db, parent);
  const noun = KIND_NOUN[kind];
  return (
    <>
      <Breadcrumbs crumbs={[...ancestors, parent].map((a) => ({ id: a.id, name: a.name, linked: isWithinScope(user.scope, a.path) }))} current={`新建${noun}`} />
      <PageHeader title={`在「${parent.name}」下新建${noun}`} />
      <Section title={`${noun}信息`} id="new-node">
        <CreateNodeForm parentId={parent.id} noun={noun} partyOrgLabel={PARTY_ORG_LABEL[kind]} showRural={kind === 'grid'} />
      </Section>
    </>
  );
}
