import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Field, PointsForm } from '@/components/points/forms';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { activeNodesOf } from '@/lib/registry/nodes';
import { householdSearchSchema, searchHouseholds } from '@/lib/org/search';
import { householdOfCardInScope } from '@/lib/points/cards';
import { balancesOf } from '@/lib/points/ledger';
import { listGoods } from '@/lib/points/market';
import { GOODS_ROLES, POINTS_ROLES } from '@/lib/points/scope';
import { createGoodsAction, updateGoodsAction } from '../actions';

export const metadata: Metadata = { title: '文明超市' };

type Props = { searchParams: Promise<{ q?: string; card?: string }> };

/** The 文明超市 counter: find the household (card, name, phone, address), then redeem on its page; goods and stock. */
export default async function MarketPage({ searchParams }: Props) {
  const user = await requireUser(POINTS_ROLES);
  const db = appStore().db;
  const { q, card } = await searchParams;
  let cardMessage: string | null = null;
  if (card) {
    const householdId = await householdOfCardInScope(db, user.scope, card);
    if (householdId !== null) redirect(`/households/${householdId}/points`);
    cardMessage = '没有找到这张户卡对应的住户（或不在您的管辖范围内）。';
  }
  const query = householdSearchSchema.safeParse({ q: q ?? '' });
  const hits = q && query.success ? await searchHouseholds(db, user.scope, query.data.q, 20) : [];
  const balances = await balancesOf(db, hits.map((h) => h.id));
  const keepsGoods = (GOODS_ROLES as readonly string[]).includes(user.role);
  const [goods, communities] = await Promise.all([listGoods(db, user), keepsGoods ? activeNodesOf(db, user.scope, ['community']) : Promise.resolve([])]);

  return (
    <>
      <PageHeader title="文明超市" subtitle="居民凭户积分兑换生活用品：先找到住户，再在住户积分页兑换" />
      <Section title="找到住户" id="counter">
        <form method="get" className="space-y-3">
          <label className="block text-sm font-medium">
            户卡编号
            <input name="card" autoComplete="off" defaultValue={card ?? ''} className="mt-1 block w-full rounded-lg border border-stone-400 px-3 py-3 text-base" />
          </label>
          {cardMessage && (
            <p role="alert" className="text-sm text-red-800">
              {cardMessage}
            </p>
          )}
          <button type="submit" className="min-h-12 rounded-lg bg-brand-700 px-5 font-semibold text-white">
            按户卡查找
          </button>
        </form>
        <form method="get" className="mt-4 space-y-3">
          <label className="block text-sm font-medium">
            楼栋房号、姓名或手机号
            <input name="q" type="search" defaultValue={q ?? ''} className="mt-1 block w-full rounded-lg border border-stone-400 px-3 py-3 text-base" />
          </label>
          <button type="submit" className="min-h-12 rounded-lg border border-stone-500 bg-white px-5 font-medium">
            查找住户
          </button>
        </form>
        {q && (
          <ul className="mt-3 divide-y divide-stone-200" aria-label="查找结果">
            {hits.length === 0 && <li className="py-2 text-sm text-stone-600">没有找到，请换个关键词。</li>}
            {hits.map((h) => (
              <li key={h.id} className="py-2">
                <Link prefetch={false} href={`/households/${h.id}/points`} className="block min-h-11 text-blue-800 underline">
                  {h.address} {h.matchedName ? `· ${h.matchedName}` : ''} · {balances.get(h.id) ?? 0} 分
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title={`商品（${goods.length}）`} id="goods">
        {goods.length === 0 ? (
          <p className="text-sm text-stone-600">还没有商品。</p>
        ) : (
          <ul className="divide-y divide-stone-200">
            {goods.map((g) => (
              <li key={g.id} className="py-3" aria-label={g.name}>
                <p>
                  <span className="font-medium">{g.name}</span>
                  <span className="ml-2 text-sm text-stone-700">
                    {g.price} 分 · 库存 <span data-testid={`stock-${g.id}`}>{g.stock}</span> · {g.communityName}
                  </span>
                  {!g.active && <span className="ml-2 rounded bg-stone-600 px-1.5 py-0.5 text-xs text-white">已下架</span>}
                </p>
                {keepsGoods && (
                  <details className="mt-1">
                    <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium text-blue-800">修改价格或补货</summary>
                    <PointsForm action={updateGoodsAction} hidden={{ goodsId: g.id }} submit="保存" className="mt-2 grid gap-3 sm:grid-cols-3">
                      <Field id={`goods-${g.id}-price`} name="price" label="兑换积分" type="number" inputMode="numeric" defaultValue={String(g.price)} />
                      <Field id={`goods-${g.id}-restock`} name="restock" label="补货数量" hint="减少库存写负数" inputMode="numeric" />
                      <Field id={`goods-${g.id}-active`} name="active" label="是否上架" defaultValue={String(g.active)} choices={[{ value: 'true', label: '上架' }, { value: 'false', label: '下架' }]} />
                    </PointsForm>
                  </details>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>

      {keepsGoods && communities.length > 0 && (
        <Section title="上架商品" id="new-goods">
          <PointsForm action={createGoodsAction} submit="上架" className="grid gap-3 sm:grid-cols-2">
            <Field id="goods-node" name="nodeId" label="社区" choices={communities.map((c) => ({ value: String(c.id), label: c.name }))} />
            <Field id="goods-name" name="name" label="商品名称" maxLength={30} />
            <Field id="goods-price" name="price" label="兑换积分" type="number" inputMode="numeric" />
            <Field id="goods-stock" name="stock" label="库存" type="number" inputMode="numeric" />
          </PointsForm>
        </Section>
      )}
    </>
  );
}
