'use server';

import { redirect } from 'next/navigation';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { claimableWishCase } from '@/lib/board/board';
import { boardIdSchema } from '@/lib/board/schemas';
import { actorFromUser } from '@/lib/cases/actor';
import { performAction } from '@/lib/cases/commands';

/**
 * 认领 from the wall: the signed-in party member claims the published wish through the case lifecycle's claim (its
 * rules: on the claim board, in the member's scope). Signed-out people go to the sign-in page; anyone else is refused
 * by the rules. Success opens the case; a refusal the claim board, where the member sees what they may claim.
 */
export async function claimWish(boardId: number, publicationId: number): Promise<void> {
  const user = await requireUser(['party_member']);
  const board = boardIdSchema.safeParse(boardId);
  const publication = boardIdSchema.safeParse(publicationId);
  if (!board.success || !publication.success) redirect('/member/board');
  const target = await claimableWishCase(appStore().db, publication.data);
  if (!target) redirect('/member/board');
  const result = await performAction(appStore(), actorFromUser(user), { number: target.number }, { action: 'claim', version: target.version });
  redirect(result.ok ? `/cases/${target.number}` : '/member/board');
}
