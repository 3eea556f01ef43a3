'use server';

import { revalidatePath } from 'next/cache';
import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { leaderSchema, moveNodeSchema, moveNode, retireNode, retireNodeSchema, setBuildingLeader, updateNode, updateNodeSchema, type TreeResult } from '@/lib/registry/nodes';
import type { TreeFormState } from '@/components/org/tree-form-state';

/** Form fields as strings, for parsing and for refilling the form after a refusal. */
function fieldsOf(formData: FormData, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, typeof formData.get(n) === 'string' ? String(formData.get(n)) : '']));
}

/** A command's answer as the form's state; out of scope (or gone) is "not found", as for pages. */
function stateOf(result: TreeResult, values: Record<string, string>): TreeFormState {
  if (result.ok) {
    revalidatePath('/org', 'layout');
    return { ok: true, message: result.message };
  }
  if (result.code === 'not_found') notFound();
  return { ok: false, message: result.message, fieldErrors: result.fieldErrors, values };
}

function invalid(error: z.ZodError, values: Record<string, string>): TreeFormState {
  return { ok: false, message: '请检查标出的内容。', fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[]>, values };
}

export async function updateNodeAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const values = fieldsOf(formData, ['nodeId', 'name', 'partyOrgName', 'servicePhone']);
  const parsed = updateNodeSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  return stateOf(await updateNode(appStore(), user, parsed.data), values);
}

export async function setLeaderAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const values = fieldsOf(formData, ['nodeId', 'partyMemberId']);
  const parsed = leaderSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  return stateOf(await setBuildingLeader(appStore(), user, parsed.data), values);
}

export async function moveNodeAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const values = fieldsOf(formData, ['nodeId', 'targetParentId']);
  const parsed = moveNodeSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  return stateOf(await moveNode(appStore(), user, parsed.data), values);
}

export async function retireNodeAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const values = fieldsOf(formData, ['nodeId', 'confirm']);
  const parsed = retireNodeSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const state = stateOf(await retireNode(appStore(), user, parsed.data), values);
  // The edit panels are gone once a node is retired: its page says so, with what it means.
  if (state.ok) redirect(`/org/${parsed.data.nodeId}`);
  return state;
}
