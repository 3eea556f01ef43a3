'use server';

import { revalidatePath } from 'next/cache';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { markAllRead } from '@/lib/notifications/queries';

export async function markAllReadAction(): Promise<void> {
  const user = await requireUser();
  await markAllRead(appStore(), user.id);
  revalidatePath('/', 'layout');
}
