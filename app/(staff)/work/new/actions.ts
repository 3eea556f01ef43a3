'use server';
// Server actions of the 登记诉求 screen: log one request, log a batch of slips, find a household.

import { z } from 'zod';
import { getDb } from '@/db/client';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { canSeeHouseholds } from '@/lib/auth/scope';
import { actorFromUser } from '@/lib/cases/actor';
import { createCase, type CreateCaseResult } from '@/lib/cases/commands';
import { batchSchema, INTAKE_ROLES, logBatch, staffCaseSchema, type BatchRowResult, type FieldErrors } from '@/lib/cases/intake';
import { chosenFiles, deletePhotos, processPhotos } from '@/lib/cases/photos';
import { pickHouseholds, type HouseholdChoice } from '@/lib/org/household-picker';
import { getNodeInScope } from '@/lib/org/queries';
import { householdSearchSchema } from '@/lib/org/search';

export type IntakeResult = { ok: true; number: string; replayed: boolean; status: string } | { ok: false; message: string; fieldErrors?: FieldErrors };

const CHECK_FIELDS = '请修改标出的项目后再提交。';

/** The text fields of a form; an empty field means "not given", which the optional schema fields expect. */
function textFields(formData: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of formData) if (typeof value === 'string' && value.trim() !== '') fields[name] = value;
  return fields;
}

export async function submitCaseAction(formData: FormData): Promise<IntakeResult> {
  const user = await requireUser(INTAKE_ROLES);
  const parsed = staffCaseSchema.safeParse(textFields(formData));
  if (!parsed.success) return { ok: false, message: CHECK_FIELDS, fieldErrors: z.flattenError(parsed.error).fieldErrors };

  const processed = await processPhotos(chosenFiles(formData.getAll('photos')));
  if (!processed.ok) return { ok: false, message: processed.message, fieldErrors: { photos: [processed.message] } };
  const { photos } = processed;
  let result: CreateCaseResult;
  try {
    result = await createCase(appStore(), actorFromUser(user), { ...parsed.data, ownIntake: true }, photos);
  } catch (error) {
    await deletePhotos(photos);
    throw error;
  }
  // A replay keeps the photos of the first attempt; this attempt's copies are not needed.
  if (!result.ok || result.replayed) await deletePhotos(photos);
  if (!result.ok) return { ok: false, message: result.message, fieldErrors: result.fieldErrors };
  return { ok: true, number: result.number, replayed: result.replayed === true, status: result.status };
}

export type BatchResult = { ok: true; rows: BatchRowResult[] } | { ok: false; message: string; fieldErrors?: FieldErrors };

export async function submitBatchAction(input: unknown): Promise<BatchResult> {
  const user = await requireUser(INTAKE_ROLES);
  const parsed = batchSchema.safeParse(input);
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    return { ok: false, message: fieldErrors.rows?.[0] ?? CHECK_FIELDS, fieldErrors };
  }
  return { ok: true, rows: await logBatch(appStore(), actorFromUser(user), parsed.data) };
}

export type HouseholdSearchResult = { ok: true; households: HouseholdChoice[] } | { ok: false; message: string };

const householdQuerySchema = householdSearchSchema.extend({ nodeId: z.coerce.number().int().positive().optional() });

/** Matches among the households the user covers, narrowed to the chosen place when there is one. */
export async function findHouseholdsAction(q: string, nodeId?: number): Promise<HouseholdSearchResult> {
  const user = await requireUser(INTAKE_ROLES);
  if (!canSeeHouseholds(user.role)) return { ok: false, message: '您的账号不能查看住户信息，请直接填写居民姓名和位置。' };
  const parsed = householdQuerySchema.safeParse({ q, nodeId });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? '搜索内容无效' };
  const db = getDb();
  const node = parsed.data.nodeId === undefined ? null : await getNodeInScope(db, user.scope, parsed.data.nodeId);
  const scope = node ? { paths: [node.path] } : user.scope;
  return { ok: true, households: await pickHouseholds(db, scope, parsed.data.q) };
}
