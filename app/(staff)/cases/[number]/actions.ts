'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { actorFromUser } from '@/lib/cases/actor';
import { visibleCaseId } from '@/lib/cases/queries';
import { performAction } from '@/lib/cases/commands';
import { deletePhotos, processPhotos } from '@/lib/cases/photos';
import { actionSchema, caseNumberSchema } from '@/lib/cases/schemas';
import { markCaseRead } from '@/lib/notifications/queries';
import { publishCase, withdrawPublication } from '@/lib/board/publications';
import { publishSchema, withdrawSchema } from '@/lib/board/schemas';
import type { PublishState } from '@/components/board/publish-form';

export type CaseActionState = { ok?: boolean; message?: string; fieldErrors?: Record<string, string[] | undefined> };

const PHOTO_ACTIONS = new Set(['progress', 'resolve']);

/** Every lifecycle action on the case page comes through here; the lifecycle decides if it is allowed. */
export async function performCaseAction(_prev: CaseActionState, formData: FormData): Promise<CaseActionState> {
  const user = await requireUser();
  const number = caseNumberSchema.safeParse(formData.get('number'));
  if (!number.success) return { ok: false, message: '事项编号无效。' };
  const fields = Object.fromEntries([...formData.entries()].filter(([k, v]) => typeof v === 'string' && v !== '' && k !== 'number' && k !== 'photosPublic' && !k.startsWith('$')));
  const parsed = actionSchema.safeParse(fields);
  if (!parsed.success) {
    return { ok: false, message: '请检查填写的内容。', fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> };
  }
  const files = formData.getAll('photos').filter((f): f is File => f instanceof File && f.size > 0);
  let photos: Awaited<ReturnType<typeof processPhotos>> = { ok: true, photos: [] };
  if (files.length > 0) {
    if (!PHOTO_ACTIONS.has(parsed.data.action)) return { ok: false, message: '此操作不能上传照片。' };
    photos = await processPhotos(files);
    if (!photos.ok) return { ok: false, message: photos.message, fieldErrors: { photos: [photos.message] } };
  }
  // The handler's tick "公开给居民" (on by default at resolution) lets the resident see these photos.
  const shown = formData.get('photosPublic') === 'on';
  const attached = photos.photos.map((p) => ({ ...p, public: shown }));
  const result = await performAction(appStore(), actorFromUser(user), { number: number.data }, parsed.data, attached);
  // Every page showing this case (case page, queues, board) is dynamic; refresh whichever is open.
  // Except when someone else took it off the board: a refresh would drop the card, and its
  // message with it, so the member would never learn why their claim vanished.
  const takenByOthers = !result.ok && result.code === 'conflict' && !result.current;
  if (!takenByOthers) revalidatePath('/', 'layout');
  if (!result.ok) {
    await deletePhotos(photos.photos);
    return { ok: false, message: result.message };
  }
  // Whatever the case had to tell this user, they have just dealt with it.
  await markCaseRead(appStore(), user.id, result.id);
  // To the case's new state, with the confirmation; a party member no longer sees a case they returned, so the page decides.
  redirect(`/cases/${result.number}?done=${parsed.data.action}`);
}

/** Opening a case reads its notifications; a POST from the page, so a prefetch never marks anything read. */
export async function markCaseSeenAction(caseNumber: string): Promise<void> {
  const user = await requireUser();
  const number = caseNumberSchema.safeParse(caseNumber);
  if (!number.success) return;
  const id = await visibleCaseId(appStore().db, actorFromUser(user), number.data);
  if (id !== null && (await markCaseRead(appStore(), user.id, id)) > 0) revalidatePath('/', 'layout');
}

/** After a board decision: every page that shows the case renders again (the board's data cache sees the change itself). */
function refreshPublicPages(): void {
  revalidatePath('/', 'layout');
}

/** Publishes a case on the public board, or changes what is published (secretaries and the administrator, in scope). */
export async function publishCaseAction(_prev: PublishState, formData: FormData): Promise<PublishState> {
  const user = await requireUser(['secretary', 'admin']);
  const parsed = publishSchema.safeParse({
    number: formData.get('number'),
    kind: formData.get('kind'),
    publicText: formData.get('publicText'),
    photoIds: formData.getAll('photoIds'),
  });
  if (!parsed.success) return { ok: false, message: '请检查填写的内容。', fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const result = await publishCase(appStore(), actorFromUser(user), parsed.data);
  if (!result.ok) return { ok: false, message: result.message, fieldErrors: result.fieldErrors };
  refreshPublicPages();
  return { ok: true, message: '已公开。' };
}

/** Withdraws what is published of a case: it leaves the board and the QR pages at once. */
export async function withdrawPublicationAction(_prev: PublishState, formData: FormData): Promise<PublishState> {
  const user = await requireUser(['secretary', 'admin']);
  const parsed = withdrawSchema.safeParse({ number: formData.get('number') });
  if (!parsed.success) return { ok: false, message: '事项编号无效。' };
  const result = await withdrawPublication(appStore(), actorFromUser(user), parsed.data.number);
  if (!result.ok) return { ok: false, message: result.message };
  refreshPublicPages();
  return { ok: true, message: '已撤下。' };
}
