import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { BATCH_INTAKE_PATH, IntakeTabs } from '@/components/intake-staff/intake-tabs';
import { SingleIntakeForm } from '@/components/intake-staff/single-intake-form';
import { STAFF_SOURCE_CHOICES } from '@/components/intake-staff/sources';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { canSeeHouseholds } from '@/lib/auth/scope';
import { INTAKE_ROLES, listActiveCategories } from '@/lib/cases/intake';
import { intakeLocations } from '@/lib/org/locations';

export const metadata: Metadata = { title: '登记诉求' };

/**
 * 单条登记. The batch form has its own page (/work/new/batch) rather than a `?mode=` here, so that
 * neither form's JavaScript is downloaded and run by a phone that opened the other.
 */
export default async function NewCasePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser(INTAKE_ROLES);
  // Links and bookmarks from before the batch form moved.
  if ((await searchParams).mode === 'batch') redirect(BATCH_INTAKE_PATH);
  const db = getDb();
  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title="登记诉求" />
      <IntakeTabs current="single" />
      <SingleIntakeForm
        // Drafts are per account: a phone passed between colleagues must not show one's draft to the other.
        draftKey={`yinghuo:intake:${user.id}:single`}
        locations={intakeLocations(db, user.scope)}
        sources={STAFF_SOURCE_CHOICES}
        categories={listActiveCategories(db)}
        canSearchHouseholds={canSeeHouseholds(user.role)}
        canResolveNow={user.role === 'grid_worker'}
      />
    </div>
  );
}
