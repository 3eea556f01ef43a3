'use server';
// Volunteer points and the 文明超市: thin edges over lib/points; each command checks role and scope again.

import { revalidatePath } from 'next/cache';
import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { idParamSchema } from '@/lib/org/schemas';
import { cancelActivity, cardConfirmSchema, confirmAttendance, confirmByCard, confirmSchema, createActivity, createActivitySchema } from '@/lib/points/activities';
import { issueCard } from '@/lib/points/cards';
import { awardPoints, awardSchema } from '@/lib/points/ledger';
import { createGoods, createGoodsSchema, redeem, redeemSchema, updateGoods, updateGoodsSchema } from '@/lib/points/market';
import { rulesSchema, saveRules } from '@/lib/points/rules';
import { POINT_RULE_KEYS } from '@/db/schema';
import { formValues, invalidForm, type TreeFormState } from '@/components/org/tree-form-state';

type Outcome = { ok: true; message?: string } | { ok: false; code: string; message: string; fieldErrors?: Record<string, string[]> };

function stateOf(result: Outcome, values: Record<string, string>, okMessage: string, paths: string[]): TreeFormState {
  if (result.ok) {
    for (const p of paths) revalidatePath(p);
    return { ok: true, message: result.message ?? okMessage };
  }
  if (result.code === 'not_found' && !result.fieldErrors) notFound();
  return { ok: false, message: result.message, fieldErrors: result.fieldErrors, values };
}

export async function createActivityAction(_prev: TreeFormState, form: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const values = formValues(form, ['nodeId', 'kind', 'title', 'place', 'startsAt', 'points', 'capacity']);
  const parsed = createActivitySchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, values);
  const result = await createActivity(appStore(), user, parsed.data);
  if (!result.ok) return stateOf(result, values, '', []);
  revalidatePath('/points');
  redirect(`/points/activities/${result.activityId}`);
}

export async function cancelActivityAction(_prev: TreeFormState, form: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const activityId = idParamSchema.safeParse(form.get('activityId'));
  if (!activityId.success) notFound();
  const result = await cancelActivity(appStore(), user, activityId.data);
  return stateOf(result, {}, '活动已取消', ['/points', `/points/activities/${activityId.data}`]);
}

export async function confirmAttendanceAction(_prev: TreeFormState, form: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const values = formValues(form, ['activityId', 'signupId', 'householdId']);
  const parsed = confirmSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, values);
  const result = await confirmAttendance(appStore(), user, parsed.data);
  return stateOf(result, values, '已签到', [`/points/activities/${parsed.data.activityId}`]);
}

export async function confirmByCardAction(_prev: TreeFormState, form: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const values = formValues(form, ['activityId', 'card']);
  const parsed = cardConfirmSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, values);
  const result = await confirmByCard(appStore(), user, parsed.data);
  // The field is emptied after a success, ready for the next card.
  return stateOf(result, result.ok ? {} : values, '已签到', [`/points/activities/${parsed.data.activityId}`]);
}

export async function saveRulesAction(_prev: TreeFormState, form: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin']);
  const values = formValues(form, POINT_RULE_KEYS);
  const parsed = rulesSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, values);
  const result = await saveRules(appStore(), user, parsed.data);
  return stateOf(result, values, '已保存', ['/points/rules']);
}

export async function createGoodsAction(_prev: TreeFormState, form: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const values = formValues(form, ['nodeId', 'name', 'price', 'stock']);
  const parsed = createGoodsSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, values);
  const result = await createGoods(appStore(), user, parsed.data);
  return stateOf(result, result.ok ? {} : values, `已上架「${parsed.data.name}」`, ['/points/market']);
}

export async function updateGoodsAction(_prev: TreeFormState, form: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const values = formValues(form, ['goodsId', 'price', 'restock', 'active']);
  const parsed = updateGoodsSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, values);
  const result = await updateGoods(appStore(), user, parsed.data);
  return stateOf(result.ok ? { ok: true, message: `已保存，现有库存 ${result.stock}` } : result, values, '已保存', ['/points/market']);
}

export async function redeemAction(_prev: TreeFormState, form: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const values = formValues(form, ['householdId', 'goodsId', 'quantity']);
  const parsed = redeemSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, values);
  const result = await redeem(appStore(), user, parsed.data);
  return stateOf(result, values, '已兑换', [`/households/${parsed.data.householdId}/points`]);
}

export async function awardPointsAction(_prev: TreeFormState, form: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const values = formValues(form, ['householdId', 'points', 'reason']);
  const parsed = awardSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, values);
  const result = await awardPoints(appStore(), user, parsed.data);
  return stateOf(result, result.ok ? {} : values, '已保存', [`/households/${parsed.data.householdId}/points`]);
}

export async function issueCardAction(_prev: TreeFormState, form: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const householdId = z.object({ householdId: idParamSchema }).safeParse({ householdId: form.get('householdId') });
  if (!householdId.success) notFound();
  const result = await issueCard(appStore(), user, householdId.data.householdId);
  if (!result.ok) notFound();
  redirect(`/households/${householdId.data.householdId}/card?issued=1`);
}
