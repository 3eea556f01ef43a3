import { notFound, redirect } from 'next/navigation';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { householdOfCardInScope } from '@/lib/points/cards';
import { POINTS_ROLES } from '@/lib/points/scope';

/**
 * Where a household card's QR code leads when staff scan it with the phone's camera: that household's points page,
 * if it is theirs to serve. Anyone else learns nothing (sign-in page, or "not found").
 */
export default async function CardScanPage({ params }: { params: Promise<{ token: string }> }) {
  const user = await requireUser(POINTS_ROLES);
  const householdId = await householdOfCardInScope(appStore().db, user.scope, (await params).token);
  if (householdId === null) notFound();
  redirect(`/households/${householdId}/points`);
}
