import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BatchIntakeForm } from '@/components/intake-staff/batch-intake-form';
import { SingleIntakeForm } from '@/components/intake-staff/single-intake-form';
import { T } from '@/components/intake-staff/text';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { canSeeHouseholds } from '@/lib/auth/scope';
import { INTAKE_ROLES, listActiveCategories, STAFF_SOURCES } from '@/lib/cases/intake';
import { SOURCE_LABELS } from '@/lib/cases/labels';
import { intakeLocations } from '@/lib/org/locations';
import { parseId } from '@/lib/org/schemas';
import { visitForIntake } from '@/lib/visits/history';

export const metadata: Metadata = { title: '登记诉求' };

const SOURCES = STAFF_SOURCES.map((s) => ({ value: s, label: SOURCE_LABELS[s] }));

export default async function NewCasePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser(INTAKE_ROLES);
  const params = await searchParams;
  const db = getDb();
  // 由走访登记诉求: /work/new?visit=<id> prefills the visited household; a visit out of scope is "not found".
  const visitId = typeof params.visit === 'string' ? parseId(params.visit) : null;
  const fromVisit = params.visit === undefined ? null : visitId !== null && canSeeHouseholds(user.role) ? visitForIntake(db, user.scope, visitId) : null;
  if (params.visit !== undefined && !fromVisit) notFound();
  const batch = !fromVisit && params.mode === 'batch';
  const locations = intakeLocations(db, user.scope);
  // Drafts are per account: a phone passed between colleagues must not show one's draft to the other.
  const draftKey = `yinghuo:intake:${user.id}:${fromVisit ? `visit:${fromVisit.visitId}` : batch ? 'batch' : 'single'}`;

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
      {!fromVisit && (
      <nav aria-label={T.tabsLabel} className="mb-5 grid grid-cols-2 rounded-lg border border-stone-300 bg-stone-100 p-1">
        <TabLink href="/work/new" current={!batch}>
          {T.tabSingle}
        </TabLink>
        <TabLink href="/work/new?mode=batch" current={batch}>
          {T.tabBatch}
        </TabLink>
      </nav>
      )}
      {batch ? (
        <BatchIntakeForm draftKey={draftKey} locations={locations} sources={SOURCES} defaultSource="wish_box" />
      ) : (
        <SingleIntakeForm
          draftKey={draftKey}
          locations={locations}
          sources={SOURCES}
          categories={listActiveCategories(db)}
          canSearchHouseholds={canSeeHouseholds(user.role)}
          canResolveNow={user.role === 'grid_worker'}
          fromVisit={fromVisit ? { visitId: fromVisit.visitId, household: fromVisit.household } : undefined}
        />
      )}
    </div>
  );
}

function TabLink({ href, current, children }: { href: string; current: boolean; children: React.ReactNode }) {
  return (
    <Link
      href={href}
      aria-current={current ? 'page' : undefined}
      className={`flex min-h-11 items-center justify-center rounded-md text-sm font-medium ${current ? 'bg-white font-semibold text-brand-800 shadow-sm' : 'text-stone-700'}`}
    >
      {current && (
        <span aria-hidden="true" className="mr-1">
          ●
        </span>
      )}
      {children}
    </Link>
  );
}
