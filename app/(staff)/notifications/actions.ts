'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { markAllRead } from '@/lib/notifications/queries';

export async function markAllReadAction(): Promise<void> {
  const user = await requireUser();
  markAllRead(getDb(), user.id);
  revalidatePath('/', 'layout');
}
