'use server';

import { cookies, headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { appStore } from '@/db/store';
import { clientIp } from '@/lib/auth/client-ip';
import { addSupport, DEVICE_COOKIE, newDeviceId } from '@/lib/board/supports';
import { deviceIdSchema, supportSchema } from '@/lib/board/schemas';
import { intakeCodeSchema } from '@/lib/cases/intake-points';
import { statusPath, submitPath } from '@/lib/cases/public-url';
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

/**
 * 附议 from the QR page: one tap supports the published request. The device's cookie is made here when missing
 * (httpOnly, a year); the rest is lib/board/supports.ts (the place, the throttle, once per device). Success opens
 * the supporter's own status page; a refusal returns to the QR page with its message.
 */
export async function supportRequest(code: string, publicationId: number, formData: FormData): Promise<void> {
  if (!intakeCodeSchema.safeParse(code).success) notFound();
  const parsed = supportSchema.safeParse({ publicationId, phone: formData.get('phone') ?? undefined });
  if (!parsed.success) redirect(`${submitPath(code)}?support=phone`);
  const jar = await cookies();
  const existing = deviceIdSchema.safeParse(jar.get(DEVICE_COOKIE)?.value);
  const deviceId = existing.success ? existing.data : newDeviceId();
  if (!existing.success) jar.set(DEVICE_COOKIE, deviceId, { httpOnly: true, sameSite: 'lax', maxAge: 400 * 24 * 3600, path: '/' });
  const result = await addSupport(appStore(), { code, publicationId: parsed.data.publicationId, deviceId, phone: parsed.data.phone, ip: clientIp(await headers()) });
  if (result.ok) redirect(statusPath(result.token));
  redirect(`${submitPath(code)}?support=${result.code}`);
}
