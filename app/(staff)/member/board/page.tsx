import type { Metadata } from 'next';
import { ActionForm } from '@/components/cases/action-form';
import { CaseList } from '@/components/cases/case-list';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { actionForms } from '@/lib/cases/action-forms';
import { actorFromUser } from '@/lib/cases/actor';
import { claimBoard } from '@/lib/cases/queries';

export const metadata: Metadata = { title: '认领台' };

const [claimSpec] = actionForms(['claim'], { categoryId: null, urgency: 'normal', escalationLevel: 0, extensionRequestedHours: null, extensionReason: null }, null);

/** The claim board: requests the grid put up for party members to take on (认领). */
export default async function ClaimBoardPage() {
  const user = await requireUser(['party_member']);
  const now = new Date();
  const items = claimBoard(getDb(), actorFromUser(user), now);
  return (
    <>
      <PageHeader title="认领台" subtitle="党员每月一件事：认领一件群众身边的小事" />
      <Section title={`待认领（${items.length}）`} id="board">
        <CaseList
          items={items}
          now={now}
          empty="暂时没有待认领的事项"
          action={(c) => (
            <div className="px-1 pb-2">
              <ActionForm spec={{ ...claimSpec!, fields: [] }} number={c.number} version={c.version} />
            </div>
          )}
        />
      </Section>
    </>
  );
}
