'use server';

import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { appStore } from '@/db/store';
import { clientIp } from '@/lib/auth/client-ip';
import { signUp, signUpSchema } from '@/lib/points/activities';
import { formValues, invalidForm, type TreeFormState } from '@/components/org/tree-form-state';

/**
 * A resident's sign-up for an activity (no account); `communityId` is bound by the page. Anyone can call this, so the
 * activity is looked up again under the community and the per-address throttle applies.
 */
export async function signUpAction(communityId: number, _prev: TreeFormState, form: FormData): Promise<TreeFormState> {
  const values = formValues(form, ['activityId', 'name', 'phone']);
  const parsed = signUpSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, values);
  const result = await signUp(appStore(), { communityId, input: parsed.data, ip: clientIp(await headers()) });
  if (!result.ok) {
    if (result.code === 'not_found') notFound();
    return { ok: false, message: result.message, values };
  }
  revalidatePath(`/volunteer/${communityId}`);
  return { ok: true, message: result.message };
}
