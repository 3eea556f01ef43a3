'use server';

import { revalidatePath } from 'next/cache';
import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { createNode, createNodeSchema } from '@/lib/registry/nodes';
import type { TreeFormState } from '@/components/org/tree-form-state';

/** 新建下级: on success the browser goes to the new node's page. */
export async function createNodeAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const values: Record<string, string> = {};
  for (const name of ['parentId', 'name', 'partyOrgName', 'rural']) {
    const v = formData.get(name);
    if (typeof v === 'string' && v !== '') values[name] = v;
  }
  const parsed = createNodeSchema.safeParse(values);
  if (!parsed.success) {
    return { ok: false, message: '请检查标出的内容。', fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>, values };
  }
  const result = await createNode(appStore(), user, parsed.data);
  if (!result.ok) {
    if (result.code === 'not_found') notFound();
    return { ok: false, message: result.message, fieldErrors: result.fieldErrors, values };
  }
  revalidatePath('/org', 'layout');
  redirect(`/org/${result.nodeId}?created=1`);
}
