import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Field, PointsForm } from '@/components/points/forms';
import { BackLink } from '@/components/shell/back-link';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { formatDateTime } from '@/lib/format/datetime';
import { parseId } from '@/lib/org/schemas';
import { cardOf } from '@/lib/points/cards';
import { ENTRY_KIND_LABELS } from '@/lib/points/labels';
import { balanceOf, entriesOf, pointsHousehold } from '@/lib/points/ledger';
import { goodsForHousehold } from '@/lib/points/market';
import { POINTS_ROLES } from '@/lib/points/scope';
import { awardPointsAction, redeemAction } from '@/app/(staff)/points/actions';

export const metadata: Metadata = { title: '户积分' };

const linkButton = 'inline-flex min-h-11 items-center rounded-lg border border-stone-400 bg-white px-3 text-sm font-medium hover:bg-stone-50';

/** A household's points: the balance (the sum of its ledger), the 文明超市 counter, awards and deductions, the ledger. */
export default async function HouseholdPointsPage({ params }: { params: Promise<{ householdId: string }> }) {
  const user = await requireUser(POINTS_ROLES);
  const id = parseId((await params).householdId);
  if (id === null) notFound();
  const db = appStore().db;
  const household = await pointsHousehold(db, user.scope, id);
  if (!household) notFound();
  const [balance, entries, goods, card] = await Promise.all([balanceOf(db, id), entriesOf(db, id, { limit: 100 }), goodsForHousehold(db, household.nodePath), cardOf(db, id)]);

  return (
    <>
      <p className="mb-1 flex flex-wrap items-center gap-x-4">
        {/* Back to where the clerk came from (the 文明超市's search, an activity's list), else the household. */}
        <BackLink fallback={`/households/${id}`} />
        <Link prefetch={false} href={`/households/${id}`} className="inline-flex min-h-11 items-center text-blue-800 underline">
          住户档案
        </Link>
      </p>
      <PageHeader title={household.address} subtitle="户积分">
        <p className="text-lg">
          积分余额 <strong className="text-2xl" data-testid="balance">{balance}</strong> 分
        </p>
      </PageHeader>
      <p className="-mt-2 mb-5 flex flex-wrap gap-2">
        <Link prefetch={false} href={`/households/${id}/card`} className={linkButton}>
          {card ? '户积分卡' : '发放户积分卡'}
        </Link>
        <Link prefetch={false} href="/points/market" className={linkButton}>
          文明超市
        </Link>
      </p>

      <Section title="兑换商品" id="redeem">
        {goods.length === 0 ? (
          <p className="text-sm text-stone-600">本社区文明超市还没有上架商品。</p>
        ) : (
          <ul className="divide-y divide-stone-200">
            {goods.map((g) => (
              <li key={g.id} className="py-3" aria-label={g.name}>
                <p>
                  <span className="font-medium">{g.name}</span>
                  <span className="ml-2 text-sm text-stone-700">
                    {g.price} 分 · 库存 <span data-testid={`stock-${g.id}`}>{g.stock}</span>
                  </span>
                </p>
                <PointsForm
                  action={redeemAction}
                  hidden={{ householdId: id, goodsId: g.id }}
                  submit={`兑换${g.name}`}
                  pending="正在兑换…"
                  variant="secondary"
                  className="mt-2 flex flex-wrap items-end gap-2"
                  unavailable={g.stock <= 0 ? '已兑完' : balance < g.price ? `积分不足（还差 ${g.price - balance} 分）` : undefined}
                >
                  <Field id={`qty-${g.id}`} name="quantity" label="数量" type="number" inputMode="numeric" defaultValue="1" narrow />
                </PointsForm>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="加分或扣分" id="award">
        <PointsForm action={awardPointsAction} hidden={{ householdId: id }} submit="保存" className="grid gap-3 sm:grid-cols-2">
          <Field id="award-points" name="points" label="分值" hint="扣分写负数，如 -5" inputMode="numeric" />
          <Field id="award-reason" name="reason" label="原因" hint="必填，如：协助疫苗接种登记" maxLength={100} />
        </PointsForm>
      </Section>

      <Section title="积分明细" id="ledger">
        {entries.length === 0 ? (
          <p className="text-sm text-stone-600">暂无积分记录。</p>
        ) : (
          <ul className="divide-y divide-stone-200" aria-label="积分明细">
            {entries.map((e) => (
              <li key={e.id} className="flex items-start justify-between gap-3 py-2">
                <span>
                  <span className="block">{e.reason}</span>
                  <span className="block text-xs text-stone-600">
                    {ENTRY_KIND_LABELS[e.kind]} · {formatDateTime(e.createdAt)} · {e.by}
                  </span>
                </span>
                <span className={`font-semibold ${e.points > 0 ? 'text-green-800' : 'text-red-800'}`}>{e.points > 0 ? `+${e.points}` : e.points}</span>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
