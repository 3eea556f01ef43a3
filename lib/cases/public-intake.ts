// A resident's own submission from a QR code: throttling, photos, logging the case, and cleaning up on failure.
import { asc, eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { appStore, type Store } from '@/db/store';
import { categories } from '@/db/schema';
import { ipKey, PUBLIC_SUBMIT_LIMIT, takeHit, TOO_MANY_MESSAGE } from '@/lib/rate-limit/hits';
import { createCase } from './commands';
import { findActiveIntakePoint, RETIRED_PLACE_MESSAGE } from './intake-points';
import { deletePhotos, processPhotos } from './photos';
import type { PublicSubmitInput } from './schemas';

export type PublicSubmitResult =
  | { ok: true; number: string; token: string }
  | { ok: false; code: 'not_found' | 'retired' | 'rate_limited' | 'invalid_input'; message: string; fieldErrors?: Record<string, string[]> };

/** The categories a resident may pick from (optional; the grid worker sets it when accepting). */
export function listActiveCategories(db: DB): { id: number; name: string }[] {
  return db
    .select({ id: categories.id, name: categories.name })
    .from(categories)
    .where(eq(categories.active, true))
    .orderBy(asc(categories.sortOrder), asc(categories.id))
    .all();
}

/**
 * Logs what a resident submitted at the intake point behind `code`. The place comes from the
 * code, never from the form. Photos are written only after the throttle and are removed again
 * if the case is not saved, so a refused submission leaves nothing behind.
 */
export async function submitAtIntakePoint(
  /** legacy: the intake point is read on db/client.ts's connection until lib/cases/intake-points moves. */
  db: DB,
  request: { code: string; input: PublicSubmitInput; files: File[]; ip: string | null },
  now = new Date(),
  /** Where the case is written; the process's store unless given (asked for only when a case is logged). */
  store?: Store,
): Promise<PublicSubmitResult> {
  const point = findActiveIntakePoint(db, request.code);
  if (!point) return { ok: false, code: 'not_found', message: '二维码已失效，请联系网格员。' };
  if (point.retired) return { ok: false, code: 'retired', message: RETIRED_PLACE_MESSAGE };
  if (!(await takeHit(store ?? appStore(), ipKey('submit', request.ip), PUBLIC_SUBMIT_LIMIT, now))) {
    return { ok: false, code: 'rate_limited', message: TOO_MANY_MESSAGE };
  }
  const photos = await processPhotos(request.files);
  if (!photos.ok) return { ok: false, code: 'invalid_input', message: photos.message, fieldErrors: { photos: [photos.message] } };

  const { description, categoryId, place, residentName, residentPhone, wantsCallback } = request.input;
  try {
    const result = await createCase(
      store ?? appStore(),
      { kind: 'resident' },
      {
        description,
        categoryId,
        place,
        residentName,
        residentPhone,
        urgency: 'normal',
        source: point.kind === 'wish_box' ? 'wish_box' : 'online',
        nodeId: point.nodeId,
        intakePointId: point.id,
        wantsCallback,
      },
      photos.photos,
      now,
    );
    if (result.ok) return { ok: true, number: result.number, token: result.token };
    await deletePhotos(photos.photos);
    return { ok: false, code: 'invalid_input', message: result.message, fieldErrors: result.fieldErrors };
  } catch (error) {
    await deletePhotos(photos.photos);
    throw error;
  }
}
