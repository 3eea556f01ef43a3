'use server';

import { redirect } from 'next/navigation';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { createItem, evaluatePledge, makePledge, remindMembers, reviewPledge, setItemActive } from '@/lib/pledges/commands';
import { backTo, firstIssue, withFlash } from '@/lib/pledges/flash';
import { createItemSchema, evaluateSchema, pledgeSchema, recordPledgeSchema, remindSchema, reviewSchema, setItemActiveSchema } from '@/lib/pledges/schemas';
import { idParamSchema } from '@/lib/org/schemas';
import { branchPathOf } from '@/lib/pledges/queries';

const back = (formData: FormData, fallback: string) => backTo(formData.get('back'), fallback, '/desk/pledges');
const form = (formData: FormData) => Object.fromEntries([...formData.entries()].filter(([k]) => !k.startsWith('$')));

/** 月中督诺: one action reminds every member of the scope (or of one branch) without a pledge, progress, or late. */
export async function remindAction(formData: FormData): Promise<void> {
  const user = await requireUser(['secretary']);
  const to = back(formData, '/desk/pledges');
  const parsed = remindSchema.safeParse(form(formData));
  if (!parsed.success) redirect(withFlash(to, { ok: false, message: firstIssue(parsed.error) }));
  const raw = formData.get('branchId');
  let branchPath: string | undefined;
  if (typeof raw === 'string' && raw !== '') {
    const id = idParamSchema.safeParse(raw);
    branchPath = id.success ? await branchPathOf(appStore().db, id.data) : undefined;
    if (!branchPath) redirect(withFlash(to, { ok: false, message: '找不到该支部。' }));
  }
  const result = await remindMembers(appStore(), user, { month: parsed.data.month, branchPath });
  redirect(withFlash(to, result));
}

/** Approves or turns down a member's own commitment. */
export async function reviewAction(formData: FormData): Promise<void> {
  const user = await requireUser(['secretary']);
  const to = back(formData, '/desk/pledges');
  const parsed = reviewSchema.safeParse(form(formData));
  if (!parsed.success) redirect(withFlash(to, { ok: false, message: firstIssue(parsed.error) }));
  redirect(withFlash(to, await reviewPledge(appStore(), user, parsed.data)));
}

/** Records a pledge for a member who rarely signs in (kept with who recorded it). */
export async function recordPledgeAction(formData: FormData): Promise<void> {
  const user = await requireUser(['secretary']);
  const to = back(formData, '/desk/pledges');
  const values = form(formData);
  const member = recordPledgeSchema.safeParse(values);
  if (!member.success) redirect(withFlash(to, { ok: false, message: firstIssue(member.error) }));
  const pledge = pledgeSchema.safeParse(values);
  if (!pledge.success) redirect(withFlash(to, { ok: false, message: firstIssue(pledge.error) }));
  redirect(withFlash(to, await makePledge(appStore(), user, member.data.partyMemberId, pledge.data)));
}

/** Adds an item to the 民意事项清单. */
export async function createItemAction(formData: FormData): Promise<void> {
  const user = await requireUser(['secretary']);
  const to = '/desk/pledges/items';
  const parsed = createItemSchema.safeParse(form(formData));
  if (!parsed.success) redirect(withFlash(to, { ok: false, message: firstIssue(parsed.error) }));
  redirect(withFlash(to, await createItem(appStore(), user, parsed.data)));
}

/** Switches an item off or on again. */
export async function setItemActiveAction(formData: FormData): Promise<void> {
  const user = await requireUser(['secretary']);
  const to = '/desk/pledges/items';
  const parsed = setItemActiveSchema.safeParse(form(formData));
  if (!parsed.success) redirect(withFlash(to, { ok: false, message: firstIssue(parsed.error) }));
  redirect(withFlash(to, await setItemActive(appStore(), user, parsed.data)));
}

/** 月末评诺: evaluates one pledge. */
export async function evaluateAction(formData: FormData): Promise<void> {
  const user = await requireUser(['secretary']);
  const to = back(formData, '/desk/pledges/evaluate');
  const parsed = evaluateSchema.safeParse(form(formData));
  if (!parsed.success) redirect(withFlash(to, { ok: false, message: firstIssue(parsed.error) }));
  redirect(withFlash(to, await evaluatePledge(appStore(), user, parsed.data)));
}
