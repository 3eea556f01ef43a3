import type { NextRequest } from 'next/server';
import { notFound } from 'next/navigation';
import { appStore } from '@/db/store';
import { getCurrentUser } from '@/lib/auth/current-user';
import { claimableWishCase } from '@/lib/board/board';
import { boardIdSchema } from '@/lib/board/schemas';
import { actorFromUser } from '@/lib/cases/actor';
import { performAction } from '@/lib/cases/commands';
import { methodNotAllowed, readFormPost } from '@/lib/http/form-post';

/** A form post's answer: the browser GETs `location` next. */
const seeOther = (location: string) => new Response(null, { status: 303, headers: { Location: location } });

/**
 * 认领 from the wall (the board's plain form, pages/b/[id]/index.tsx): the signed-in party member claims the published
 * wish through the case lifecycle's claim (its rules: on the claim board, in the member's scope). Signed-out people go
 * to the sign-in page, other roles get "not found"; success opens the case, a refusal the claim board, where the
 * member sees what they may claim.
 */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return seeOther('/login');
  if (user.role !== 'party_member') notFound();
  const post = await readFormPost(request);
  if (!post.ok) return post.response;
  const board = boardIdSchema.safeParse((await params).id);
  const publication = boardIdSchema.safeParse(post.form.get('publicationId'));
  if (!board.success || !publication.success) return seeOther('/member/board');
  const target = await claimableWishCase(appStore().db, publication.data);
  if (!target) return seeOther('/member/board');
  const result = await performAction(appStore(), actorFromUser(user), { number: target.number }, { action: 'claim', version: target.version });
  return seeOther(result.ok ? `/cases/${target.number}` : '/member/board');
}

export const GET = methodNotAllowed;
