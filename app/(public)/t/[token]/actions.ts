'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { appStore } from '@/db/store';
import type { RateState } from '@/components/intake/rate-state';
import { hashToken, performAction } from '@/lib/cases/commands';
import { RATE_MESSAGES } from '@/lib/cases/public-labels';
import { statusTokenSchema } from '@/lib/cases/public-view';
import { publicRateSchema } from '@/lib/cases/schemas';
import { supporterRateSchema } from '@/lib/board/schemas';
import { rateAsSupporter } from '@/lib/board/supports';

const versionSchema = z.coerce.number().int().min(0);

/**
 * The resident's rating through their private link. Holding the link is the authorisation,
 * exactly as for reading the page; the lifecycle decides the rest. The token comes as a form
 * field, not a bound argument, because Next.js logs the arguments of server functions.
 */
export async function rateCase(_prev: RateState, formData: FormData): Promise<RateState> {
  const token = statusTokenSchema.safeParse(formData.get('token'));
  const version = versionSchema.safeParse(formData.get('version'));
  if (!token.success || !version.success) return { message: RATE_MESSAGES.notOpen };
  const parsed = publicRateSchema.safeParse({ rating: formData.get('rating') ?? undefined, comment: formData.get('comment') ?? undefined });
  if (!parsed.success) return { message: '请选择您的评价。', fieldErrors: z.flattenError(parsed.error).fieldErrors };

  const result = await performAction(appStore(), { kind: 'resident' }, { tokenHash: hashToken(token.data) }, { action: 'rate', ...parsed.data, version: version.data });
  // Re-render the status page either way: after a conflict the resident should see what changed.
  // The route pattern, not the URL, so the token appears nowhere but in the request itself.
  revalidatePath('/t/[token]', 'page');
  if (result.ok) return { ok: true };
  if (result.code === 'conflict') return { message: RATE_MESSAGES.conflict };
  if (result.code === 'invalid_state' || result.code === 'not_found') return { message: RATE_MESSAGES.notOpen };
  return { message: result.message };
}

/**
 * A supporter's (附议) rating of the result through their own link, once; holding the link is the authorisation. The
 * page shows the outcome (the rating, or the form again when it was refused).
 */
export async function rateSupport(formData: FormData): Promise<void> {
  const token = statusTokenSchema.safeParse(formData.get('token'));
  const parsed = supporterRateSchema.safeParse({ rating: formData.get('rating') });
  if (!token.success || !parsed.success) return;
  await rateAsSupporter(appStore(), hashToken(token.data), parsed.data.rating);
  revalidatePath('/t/[token]', 'page');
}
