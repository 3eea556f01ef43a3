'use server';
// The 大党委 forms' server actions: parse → the user → one command of lib/cobuild (which checks role and scope again).

import { revalidatePath } from 'next/cache';
import { notFound, redirect } from 'next/navigation';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { chosenFiles, deletePhotos, processPhotos } from '@/lib/cases/photos';
import type { Result } from '@/lib/cobuild/access';
import { recordMeeting } from '@/lib/cobuild/meetings';
import { createNeed, gatherCases, updateNeed } from '@/lib/cobuild/needs';
import { createProject, PHOTO_STEPS, takeProjectStep } from '@/lib/cobuild/projects';
import { saveResource, setResourceActive } from '@/lib/cobuild/resources';
import type { ProjectAction } from '@/lib/cobuild/rules';
import { gatherSchema, meetingSchema, needSchema, projectSchema, projectStepSchema, resourceSchema, setResourceActiveSchema, updateNeedSchema } from '@/lib/cobuild/schemas';
import { formValues, invalidForm, type TreeFormState } from '@/components/org/tree-form-state';

/** The form's fields as the schemas read them: single values as text, the listed ones as every value sent. */
function fieldsOf(formData: FormData, names: readonly string[], lists: readonly string[] = []) {
  const values = formValues(formData, names);
  const input: Record<string, unknown> = { ...values };
  for (const name of lists) input[name] = formData.getAll(name).filter((v): v is string => typeof v === 'string');
  return { values, input };
}

function stateOf(result: Result, values: Record<string, string>): TreeFormState {
  if (result.ok) {
    revalidatePath('/cobuild', 'layout');
    revalidatePath('/unit');
    return { ok: true, message: result.message };
  }
  // Missing, out of scope and another unit's: the same "not found" as the pages.
  if (result.code === 'not_found') notFound();
  return { ok: false, message: result.message, fieldErrors: result.fieldErrors, values };
}

export async function saveResourceAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary', 'unit_liaison']);
  const { values, input } = fieldsOf(formData, ['resourceId', 'unitId', 'kind', 'description', 'availability']);
  const parsed = resourceSchema.safeParse(input);
  if (!parsed.success) return invalidForm(parsed.error, values);
  return stateOf(await saveResource(appStore(), user, parsed.data), values);
}

export async function setResourceActiveAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary', 'unit_liaison']);
  const { values, input } = fieldsOf(formData, ['resourceId', 'active']);
  const parsed = setResourceActiveSchema.safeParse(input);
  if (!parsed.success) return invalidForm(parsed.error, values);
  return stateOf(await setResourceActive(appStore(), user, parsed.data), values);
}

export async function createNeedAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const { values, input } = fieldsOf(formData, ['communityId', 'title', 'description'], ['caseNumbers']);
  const parsed = needSchema.safeParse(input);
  if (!parsed.success) return invalidForm(parsed.error, values);
  const result = await createNeed(appStore(), user, parsed.data);
  if (result.ok) {
    revalidatePath('/cobuild', 'layout');
    redirect(`/cobuild/needs/${result.needId}?done=created`);
  }
  return stateOf(result, values);
}

export async function updateNeedAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const { values, input } = fieldsOf(formData, ['needId', 'title', 'description', 'active']);
  const parsed = updateNeedSchema.safeParse(input);
  if (!parsed.success) return invalidForm(parsed.error, values);
  return stateOf(await updateNeed(appStore(), user, parsed.data), values);
}

export async function gatherCasesAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const { values, input } = fieldsOf(formData, ['needId'], ['caseNumbers']);
  const parsed = gatherSchema.safeParse(input);
  if (!parsed.success) return invalidForm(parsed.error, values);
  return stateOf(await gatherCases(appStore(), user, parsed.data), values);
}

export async function createProjectAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const { values, input } = fieldsOf(formData, ['needId', 'title', 'description', 'ownerUnitId', 'contactName', 'contactPhone', 'targetDate', 'meetingId'], ['partnerUnitIds']);
  const parsed = projectSchema.safeParse(input);
  if (!parsed.success) return invalidForm(parsed.error, values);
  const result = await createProject(appStore(), user, parsed.data);
  if (result.ok) {
    revalidatePath('/cobuild', 'layout');
    redirect(`/cobuild/projects/${result.projectId}?done=create`);
  }
  return stateOf(result, values);
}

/** A step on a project, with the photos of a progress report (re-encoded, stored, removed again if refused). */
export async function projectStepAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary', 'unit_liaison']);
  const { values, input } = fieldsOf(formData, ['projectId', 'action', 'note', 'version', 'meetingId']);
  const parsed = projectStepSchema.safeParse(input);
  if (!parsed.success) return invalidForm(parsed.error, values);
  const files = chosenFiles(formData.getAll('photos'));
  if (files.length > 0 && !PHOTO_STEPS.includes(parsed.data.action)) return { ok: false, message: '此操作不能上传照片。', values };
  const processed = await processPhotos(files);
  if (!processed.ok) return { ok: false, message: processed.message, fieldErrors: { photos: [processed.message] }, values };
  let result: Awaited<ReturnType<typeof takeProjectStep>>;
  try {
    result = await takeProjectStep(appStore(), user, parsed.data, processed.photos);
  } catch (error) {
    await deletePhotos(processed.photos);
    throw error;
  }
  if (!result.ok) await deletePhotos(processed.photos);
  if (result.ok) {
    revalidatePath('/cobuild', 'layout');
    revalidatePath('/unit');
    redirect(`/cobuild/projects/${result.projectId}?done=${parsed.data.action satisfies ProjectAction}`);
  }
  return stateOf(result, values);
}

export async function recordMeetingAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const { values, input } = fieldsOf(formData, ['communityId', 'heldOn', 'topics', 'decisions', 'newNeeds'], ['unitIds']);
  const parsed = meetingSchema.safeParse(input);
  if (!parsed.success) return invalidForm(parsed.error, values);
  return stateOf(await recordMeeting(appStore(), user, parsed.data), values);
}
