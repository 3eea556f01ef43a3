// The 文明超市: goods of a community with a price in points and a stock, and the counter's redemption, which checks
// the household's balance and the stock in one write (two counters selling the last item at once: one succeeds).
import { and, asc, desc, eq, gte, like, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDb, Store } from '@/db/store';
import { households, marketGoods, orgNodes, redemptions } from '@/db/tables';
import { writeAudit } from '@/lib/audit/log';
import { withinScope } from '@/lib/auth/scope-sql';
import { idParamSchema } from '@/lib/org/schemas';
import { pickedId } from '@/lib/registry/nodes';
import { textSchema } from '@/lib/validation/text';
import { appendEntry, balanceOf } from './ledger';
import { communityPathOf, GOODS_ROLES, isPointsRole, type PointsActor } from './scope';

const wholeNumber = (what: string, min: number, max: number) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .regex(/^\d{1,6}$/, `${what}须为${min}到${max}之间的整数`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${what}须为${min}到${max}之间的整数`).max(max, `${what}须为${min}到${max}之间的整数`));

export const createGoodsSchema = z.object({
  nodeId: pickedId('请选择社区'),
  name: textSchema({ error: '请填写商品名称' }).trim().min(1, '请填写商品名称').max(30, '商品名称不超过30字'),
  price: wholeNumber('兑换积分', 1, 10000),
  stock: wholeNumber('库存', 0, 100000),
});
export const updateGoodsSchema = z.object({
  goodsId: idParamSchema,
  price: wholeNumber('兑换积分', 1, 10000),
  /** Added to the stock (进货); negative amounts are written off stock (损耗). */
  restock: z
    .string()
    .trim()
    .regex(/^([+-]?\d{1,6})?$/, '补货数量须为整数（减少库存写负数）')
    .transform((v) => (v === '' ? 0 : Number(v))),
  active: z.enum(['true', 'false'], { error: '请选择是否上架' }).transform((v) => v === 'true'),
});
export const redeemSchema = z.object({
  householdId: idParamSchema,
  goodsId: idParamSchema,
  quantity: wholeNumber('数量', 1, 99),
});
export type RedeemInput = z.infer<typeof redeemSchema>;

type Refusal = { ok: false; code: 'not_found' | 'invalid_input' | 'conflict'; message: string; fieldErrors?: Record<string, string[]> };
const NOT_FOUND: Refusal = { ok: false, code: 'not_found', message: '找不到该商品。' };
const refuse = (message: string, field?: string): Refusal => ({ ok: false, code: 'invalid_input', message, fieldErrors: field ? { [field]: [message] } : undefined });

export type GoodsRow = { id: number; name: string; price: number; stock: number; active: boolean; nodeId: number; communityName: string };

const goodsColumns = { id: marketGoods.id, name: marketGoods.name, price: marketGoods.price, stock: marketGoods.stock, active: marketGoods.active, nodeId: marketGoods.nodeId, communityName: orgNodes.name };

/** The goods of the communities in the actor's scope (for their keepers), by community and name. */
export async function listGoods(db: AppDb, actor: PointsActor): Promise<GoodsRow[]> {
  if (!isPointsRole(actor.role)) return [];
  return db
    .select(goodsColumns)
    .from(marketGoods)
    .innerJoin(orgNodes, eq(orgNodes.id, marketGoods.nodeId))
    .where(withinScope(marketGoods.nodePath, actor.scope))
    .orderBy(asc(marketGoods.nodePath), asc(marketGoods.name), asc(marketGoods.id));
}

/** The active goods a household can redeem: those of its own community's 文明超市. */
export async function goodsForHousehold(db: AppDb, householdPath: string): Promise<GoodsRow[]> {
  const community = communityPathOf(householdPath);
  if (!community) return [];
  return db
    .select(goodsColumns)
    .from(marketGoods)
    .innerJoin(orgNodes, eq(orgNodes.id, marketGoods.nodeId))
    .where(and(eq(marketGoods.nodePath, community), eq(marketGoods.active, true)))
    .orderBy(asc(marketGoods.price), asc(marketGoods.id));
}

export async function createGoods(store: Store, actor: PointsActor, input: z.infer<typeof createGoodsSchema>, now = new Date()): Promise<{ ok: true; goodsId: number } | Refusal> {
  if (!(GOODS_ROLES as readonly string[]).includes(actor.role)) return NOT_FOUND;
  return store.write(async (tx) => {
    const [node] = await tx
      .select({ id: orgNodes.id, path: orgNodes.path, kind: orgNodes.kind, retiredAt: orgNodes.retiredAt })
      .from(orgNodes)
      .where(and(eq(orgNodes.id, input.nodeId), withinScope(orgNodes.path, actor.scope)))
      .limit(1);
    if (!node || node.kind !== 'community' || node.retiredAt !== null) return refuse('请选择您负责范围内的社区', 'nodeId');
    const [row] = await tx
      .insert(marketGoods)
      .values({ nodeId: node.id, nodePath: node.path, name: input.name, price: input.price, stock: input.stock, createdAt: now, updatedAt: now })
      .returning({ id: marketGoods.id });
    await writeAudit(tx, { accountId: actor.id, action: 'create_goods', subject: `goods:${row!.id}`, detail: JSON.stringify(input) }, now);
    return { ok: true, goodsId: row!.id };
  });
}

/** New price, stock added or written off (in the UPDATE itself, so a sale at the same moment is not lost), on or off the shelf. */
export async function updateGoods(store: Store, actor: PointsActor, input: z.infer<typeof updateGoodsSchema>, now = new Date()): Promise<{ ok: true; stock: number } | Refusal> {
  if (!(GOODS_ROLES as readonly string[]).includes(actor.role)) return NOT_FOUND;
  return store.write(async (tx) => {
    const [before] = await tx
      .select({ id: marketGoods.id, price: marketGoods.price, stock: marketGoods.stock, active: marketGoods.active })
      .from(marketGoods)
      .where(and(eq(marketGoods.id, input.goodsId), withinScope(marketGoods.nodePath, actor.scope)))
      .limit(1);
    if (!before) return NOT_FOUND;
    const updated = await tx
      .update(marketGoods)
      .set({ price: input.price, active: input.active, stock: sql`${marketGoods.stock} + ${input.restock}`, updatedAt: now })
      .where(and(eq(marketGoods.id, before.id), gte(marketGoods.stock, -input.restock)))
      .returning({ stock: marketGoods.stock });
    if (updated.length === 0) return refuse('减少的数量超过了现有库存', 'restock');
    await writeAudit(
      tx,
      { accountId: actor.id, action: 'update_goods', subject: `goods:${before.id}`, detail: JSON.stringify({ price: [before.price, input.price], active: [before.active, input.active], restock: input.restock }) },
      now,
    );
    return { ok: true, stock: updated[0]!.stock };
  });
}

export type RedeemResult = { ok: true; balance: number; stock: number; message: string } | Refusal;

/**
 * One redemption at the counter, all or nothing: the household (of the actor's scope) is locked so that its balance
 * cannot be spent twice by two counters; the stock is taken by a conditional UPDATE (`stock >= quantity`), so of two
 * counters selling the last item exactly one gets a row back; then the redemption and its negative ledger entry.
 */
export async function redeem(store: Store, actor: PointsActor, input: RedeemInput, now = new Date()): Promise<RedeemResult> {
  if (!isPointsRole(actor.role)) return { ok: false, code: 'not_found', message: '找不到该住户。' };
  return store.write(async (tx): Promise<RedeemResult> => {
    const [household] = await tx
      .select({ id: households.id, path: households.nodePath })
      .from(households)
      .where(and(eq(households.id, input.householdId), withinScope(households.nodePath, actor.scope)))
      .limit(1);
    if (!household) return { ok: false, code: 'not_found', message: '找不到该住户。' };
    const community = communityPathOf(household.path);
    const [goods] = await tx
      .select({ id: marketGoods.id, name: marketGoods.name, price: marketGoods.price, active: marketGoods.active })
      .from(marketGoods)
      .where(and(eq(marketGoods.id, input.goodsId), like(marketGoods.nodePath, `${community}%`)))
      .limit(1);
    if (!goods || !goods.active) return NOT_FOUND;
    await store.lockKey(tx, `points:household:${household.id}`);
    const cost = goods.price * input.quantity;
    const balance = await balanceOf(tx, household.id);
    if (cost > balance) return { ok: false, code: 'conflict', message: `积分不足：需要 ${cost} 分，该户现有 ${balance} 分。` };
    const taken = await tx
      .update(marketGoods)
      .set({ stock: sql`${marketGoods.stock} - ${input.quantity}`, updatedAt: now })
      .where(and(eq(marketGoods.id, goods.id), gte(marketGoods.stock, input.quantity)))
      .returning({ stock: marketGoods.stock });
    if (taken.length === 0) return { ok: false, code: 'conflict', message: `「${goods.name}」库存不足。` };
    const [redemption] = await tx
      .insert(redemptions)
      .values({ householdId: household.id, goodsId: goods.id, quantity: input.quantity, points: cost, accountId: actor.id, createdAt: now })
      .returning({ id: redemptions.id });
    await appendEntry(tx, { householdId: household.id, kind: 'redemption', sourceId: redemption!.id, points: -cost, reason: `兑换「${goods.name}」×${input.quantity}`, accountId: actor.id }, now);
    await writeAudit(tx, { accountId: actor.id, action: 'redeem_goods', subject: `household:${household.id}`, detail: JSON.stringify({ redemptionId: redemption!.id, goodsId: goods.id, quantity: input.quantity, points: cost }) }, now);
    const after = balance - cost;
    return { ok: true, balance: after, stock: taken[0]!.stock, message: `已兑换「${goods.name}」×${input.quantity}，扣 ${cost} 分，剩余 ${after} 分` };
  });
}

/** The latest redemptions of a household, newest first. */
export async function redemptionsOf(db: AppDb, householdId: number, limit = 20) {
  return db
    .select({ id: redemptions.id, goodsName: marketGoods.name, quantity: redemptions.quantity, points: redemptions.points, createdAt: redemptions.createdAt })
    .from(redemptions)
    .innerJoin(marketGoods, eq(marketGoods.id, redemptions.goodsId))
    .where(eq(redemptions.householdId, householdId))
    .orderBy(desc(redemptions.id))
    .limit(limit);
}
