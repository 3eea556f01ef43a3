import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { BATCH_INTAKE_PATH, IntakeTabs } from '@/components/intake-staff/intake-tabs';
import { SingleIntakeForm } from '@/components/intake-staff/single-intake-form';
import { STAFF_SOURCE_CHOICES } from '@/components/intake-staff/sources';
import { PageHeader } from '@/components/ui/page-header';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { canSeeHouseholds } from '@/lib/auth/scope';
import { INTAKE_ROLES, listActiveCategories } from '@/lib/cases/intake';
import { intakeLocations } from '@/lib/org/locations';
import { parseId } from '@/lib/org/schemas';
import { visitForIntake } from '@/lib/visits/history';

export const metadata: Metadata = { title: '登记诉求' };

/**
 * 单条登记. The batch form has its own page (/work/new/batch) rather than a `?mode=` here, so that
 * neither form's JavaScript is downloaded and run by a phone that opened the other.
 */
export default async function NewCasePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser(INTAKE_ROLES);
  const params = await searchParams;
  // Links and bookmarks from before the batch form moved.
  if (params.mode === 'batch' && params.visit === undefined) redirect(BATCH_INTAKE_PATH);
  const db = appStore().db;
  // 由走访登记诉求: /work/new?visit=<id> prefills the visited household; a visit out of scope is "not found".
  const visitId = typeof params.visit === 'string' ? parseId(params.visit) : null;
  const fromVisit = params.visit === undefined ? null : visitId !== null && canSeeHouseholds(user.role) ? await visitForIntake(db, user.scope, visitId) : null;
  if (params.visit !== undefined && !fromVisit) notFound();

  if (fromVisit?.caseNumber) {
    return (
      <div className="mx-auto max-w-xl">
        <PageHeader title="登记诉求" subtitle={`走访：${fromVisit.household.address}`} />
        <p role="status" className="rounded-xl border border-green-300 bg-green-50 p-4">
          这次走访已登记诉求{' '}
          <Link href={`/cases/${fromVisit.caseNumber}`} className="font-mono font-semibold text-blue-800 underline">
            {fromVisit.caseNumber}
          </Link>
          。
        </p>
      </div>
    );
  }

  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title="登记诉求" subtitle={fromVisit ? `由走访登记：${fromVisit.household.address}` : undefined} />
      {!fromVisit && <IntakeTabs current="single" />}
      <SingleIntakeForm
        // Drafts are per account: a phone passed between colleagues must not show one's draft to the other.
        draftKey={`yinghuo:intake:${user.id}:${fromVisit ? `visit:${fromVisit.visitId}` : 'single'}`}
        locations={await intakeLocations(db, user.scope)}
        sources={STAFF_SOURCE_CHOICES}
        categories={await listActiveCategories(db)}
        canSearchHouseholds={canSeeHouseholds(user.role)}
        canResolveNow={user.role === 'grid_worker'}
        fromVisit={fromVisit ? { visitId: fromVisit.visitId, household: fromVisit.household } : undefined}
      />
    </div>
  );
}
