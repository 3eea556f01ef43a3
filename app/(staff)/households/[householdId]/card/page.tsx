import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { BackLink } from '@/components/shell/back-link';
import { QrCode } from '@/components/intake/qr-code';
import { PointsForm } from '@/components/points/forms';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { publicBaseUrl } from '@/lib/cases/public-url';
import { parseId } from '@/lib/org/schemas';
import { communitiesOf } from '@/lib/points/activities';
import { cardOf, cardPath, groupedToken } from '@/lib/points/cards';
import { pointsHousehold } from '@/lib/points/ledger';
import { communityPathOf, POINTS_ROLES } from '@/lib/points/scope';
import { issueCardAction } from '@/app/(staff)/points/actions';

export const metadata: Metadata = { title: '户积分卡' };

/**
 * The household's printable points card. The QR code holds a link with the card's random token only: no name, no
 * address, so a lost card tells its finder nothing (and a reissue makes it worthless).
 */
export default async function HouseholdCardPage({ params }: { params: Promise<{ householdId: string }> }) {
  const user = await requireUser(POINTS_ROLES);
  const id = parseId((await params).householdId);
  if (id === null) notFound();
  const db = appStore().db;
  const household = await pointsHousehold(db, user.scope, id);
  if (!household) notFound();
  const [card, communities] = await Promise.all([cardOf(db, id), communitiesOf(db, user)]);
  const community = communities.find((c) => c.path === communityPathOf(household.nodePath));
  const url = card ? `${publicBaseUrl(await headers())}${cardPath(card.token)}` : null;

  return (
    <>
      <p className="mb-1 print:hidden">
        <BackLink fallback={`/households/${id}/points`} />
      </p>
      <h1 className="mb-4 text-xl font-bold print:hidden">户积分卡 · {household.address}</h1>
      {card && url ? (
        <article aria-label="户积分卡" className="mx-auto max-w-xs rounded-xl border-2 border-brand-700 bg-white p-5 text-center">
          <p className="text-sm font-medium text-brand-700">✦ 萤火 · {community?.name ?? ''}志愿积分</p>
          <p className="mt-1 text-lg font-bold">户积分卡</p>
          <QrCode text={url} label="户积分卡二维码" className="mx-auto mt-3 w-48" />
          <p className="mt-2 font-mono text-base tracking-wider" data-testid="card-token">
            {groupedToken(card.token)}
          </p>
          <p className="mt-2 text-xs text-stone-700">参加志愿活动签到、到文明超市兑换时出示此卡。卡片遗失请到社区补办，旧卡随即作废。</p>
        </article>
      ) : (
        <p className="mb-4 text-stone-700">该户还没有户积分卡。</p>
      )}
      <div className="mt-6 flex flex-wrap gap-3 print:hidden">
        <PointsForm action={issueCardAction} hidden={{ householdId: id }} submit={card ? '补办（旧卡作废）' : '发放户积分卡'} variant={card ? 'secondary' : 'primary'} />
      </div>
    </>
  );
}
