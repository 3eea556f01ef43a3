'use server';

import { revalidatePath } from 'next/cache';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { createMissingIntakePointsFor } from '@/lib/cases/intake-points';
import { getNodeInScope } from '@/lib/org/queries';
import { parseId } from '@/lib/org/schemas';

/** Creates the QR codes a grid or building is missing (one added after the community was set up). */
export async function createMissingIntakePoints(formData: FormData): Promise<void> {
  const user = await requireUser(['admin', 'secretary']);
  const nodeId = parseId(String(formData.get('nodeId') ?? ''));
  const node = nodeId === null ? null : await getNodeInScope(appStore().db, user.scope, nodeId);
  if (!node) return;
  await createMissingIntakePointsFor(appStore(), user.id, node.id);
  revalidatePath(`/org/${node.id}/qr`);
}
