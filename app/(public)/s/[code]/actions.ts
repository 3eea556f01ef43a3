'use server';

import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { appStore } from '@/db/store';
import { clientIp } from '@/lib/auth/client-ip';
import { chosenFiles } from '@/lib/cases/photos';
import { submitAtIntakePoint } from '@/lib/cases/public-intake';
import { publicSubmitSchema } from '@/lib/cases/schemas';
import type { SubmitState, SubmitValues } from '@/components/intake/submit-state';

const TEXT_FIELDS = ['description', 'categoryId', 'place', 'residentName', 'residentPhone', 'wantsCallback'] as const;

/**
 * A resident's submission from the page behind a QR code; `code` is bound by the page. Anyone
 * can call this, so the code is looked up again and the throttle applies before any photo work.
 */
export async function submitRequest(code: string, _prev: SubmitState, formData: FormData): Promise<SubmitState> {
  const values: SubmitValues = {};
  for (const field of TEXT_FIELDS) {
    const v = formData.get(field);
    if (typeof v === 'string' && v !== '') values[field] = v;
  }
  const parsed = publicSubmitSchema.safeParse(values);
  if (!parsed.success) {
    return { status: 'error', message: '请检查标红的内容后再提交。', fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  }
  const result = await submitAtIntakePoint(appStore(), {
    code,
    input: parsed.data,
    files: chosenFiles(formData.getAll('photos')),
    ip: clientIp(await headers()),
  });
  if (!result.ok) {
    if (result.code === 'not_found') notFound();
    return { status: 'error', message: result.message, fieldErrors: result.fieldErrors, values };
  }
  // The token travels only in this response; it is stored hashed and never logged.
  return { status: 'done', number: result.number, token: result.token };
}
