'use server';

import { redirect } from 'next/navigation';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { markNotificationRead } from '@/lib/notifications/queries';
import { makePledge, reportProgress } from '@/lib/pledges/commands';
import { backTo, firstIssue, withFlash } from '@/lib/pledges/flash';
import { pledgeSchema, progressSchema } from '@/lib/pledges/schemas';
import { idParamSchema } from '@/lib/org/schemas';

const PAGE = '/member/pledges';

/** 月初晒诺: the signed-in member pledges an item of the list or an own commitment for this month. */
export async function pledgeAction(formData: FormData): Promise<void> {
  const user = await requireUser(['party_member']);
  const parsed = pledgeSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) redirect(withFlash(PAGE, { ok: false, message: firstIssue(parsed.error) }));
  if (user.partyMemberId === null) redirect(withFlash(PAGE, { ok: false, message: '您的账号没有关联党员信息，请联系社区书记。' }));
  const result = await makePledge(appStore(), user, user.partyMemberId, parsed.data);
  redirect(withFlash(PAGE, result));
}

/** The member reports progress on one of their pledges. */
export async function progressAction(formData: FormData): Promise<void> {
  const user = await requireUser(['party_member']);
  const parsed = progressSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) redirect(withFlash(PAGE, { ok: false, message: firstIssue(parsed.error) }));
  const result = await reportProgress(appStore(), user, parsed.data);
  redirect(withFlash(PAGE, result));
}

/** 知道了: marks one pledge reminder read (the member's own only). */
export async function dismissReminderAction(formData: FormData): Promise<void> {
  const user = await requireUser(['party_member']);
  const id = idParamSchema.safeParse(formData.get('notificationId'));
  const back = backTo(formData.get('back'), '/member', '/member');
  if (!id.success) redirect(back);
  await markNotificationRead(appStore(), user.id, id.data);
  redirect(back);
}
