import type { Metadata } from 'next';
import { BatchIntakeForm } from '@/components/intake-staff/batch-intake-form';
import { IntakeTabs } from '@/components/intake-staff/intake-tabs';
import { STAFF_SOURCE_CHOICES } from '@/components/intake-staff/sources';
import { PageHeader } from '@/components/ui/page-header';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { INTAKE_ROLES } from '@/lib/cases/intake';
import { intakeLocations } from '@/lib/org/locations';

export const metadata: Metadata = { title: '批量录入 · 登记诉求' };

/** 批量录入: a stack of wish-box slips typed in one after another. */
export default async function BatchIntakePage() {
  const user = await requireUser(INTAKE_ROLES);
  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title="登记诉求" />
      <IntakeTabs current="batch" />
      <BatchIntakeForm
        // Per account, as the single form's draft (a shared phone must not show a colleague's slips).
        draftKey={`yinghuo:intake:${user.id}:batch`}
        locations={await intakeLocations(appStore().db, user.scope)}
        sources={STAFF_SOURCE_CHOICES}
        defaultSource="wish_box"
      />
    </div>
  );
}
