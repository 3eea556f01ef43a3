'use server';
// Server action of the visit form: check, store the photo, record the visit with its care tags in one transaction.

import { revalidatePath } from 'next/cache';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { chosenFiles, deletePhotos, processPhotos } from '@/lib/cases/photos';
import { recordVisit, visitInputSchema } from '@/lib/visits/record';

export type VisitFormState =
  | { status: 'idle' }
  | { status: 'invalid'; message: string; fieldErrors: Record<string, string[] | undefined> }
  | { status: 'saved'; visitId: number; tagsChanged: boolean };

export async function recordVisitAction(_prev: VisitFormState, formData: FormData): Promise<VisitFormState> {
  const user = await requireUser(['grid_worker']);
  const parsed = visitInputSchema.safeParse({
    householdId: formData.get('householdId'),
    visitedAt: formData.get('visitedAt') ?? undefined,
    met: formData.get('met') ?? undefined,
    notes: formData.get('notes') ?? '',
    observations: formData.get('observations') ?? undefined,
    careTags: formData.getAll('careTags'),
  });
  if (!parsed.success) return { status: 'invalid', message: '请修改标出的项目后再保存。', fieldErrors: z.flattenError(parsed.error).fieldErrors };

  const files = chosenFiles(formData.getAll('photo'));
  if (files.length > 1) return { status: 'invalid', message: '走访照片最多 1 张', fieldErrors: { photo: ['走访照片最多 1 张'] } };
  const processed = await processPhotos(files);
  if (!processed.ok) return { status: 'invalid', message: processed.message, fieldErrors: { photo: [processed.message] } };
  const photo = processed.photos[0] ?? null;

  let result: Awaited<ReturnType<typeof recordVisit>>;
  try {
    result = await recordVisit(appStore(), user, parsed.data, photo);
  } catch (error) {
    if (photo) await deletePhotos([photo]);
    throw error;
  }
  if (!result.ok && photo) await deletePhotos([photo]);
  // Out of scope or missing: the same "not found" as the page.
  if (!result.ok && result.code === 'not_found') notFound();
  if (!result.ok) return { status: 'invalid', message: result.message, fieldErrors: result.fieldErrors };
  revalidatePath('/work/visits');
  return { status: 'saved', visitId: result.visitId, tagsChanged: result.tagsChanged };
}
