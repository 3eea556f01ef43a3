import { NextResponse } from 'next/server';
import { appStore } from '@/db/store';
import { getCurrentUser } from '@/lib/auth/current-user';
import { canSeeHouseholds } from '@/lib/auth/scope';
import { readPhoto } from '@/lib/cases/photos';
import { idParamSchema } from '@/lib/org/schemas';
import { visitPhotoInScope } from '@/lib/visits/history';

const noStore = { 'Cache-Control': 'no-store' };

/** A visit's photo, for those who may see the household (admin, secretary, grid worker in scope); otherwise the same 404 as a missing one. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: '请先登录' }, { status: 401, headers: noStore });
  const id = idParamSchema.safeParse((await params).id);
  const photo = id.success && canSeeHouseholds(user.role) ? await visitPhotoInScope(appStore().db, user.scope, id.data) : null;
  const bytes = photo ? await readPhoto(photo.fileName) : null;
  if (!bytes) return NextResponse.json({ error: '照片不存在' }, { status: 404, headers: noStore });
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': 'image/jpeg',
      'Content-Length': String(bytes.length),
      // Private: a shared cache must never hand one household's photo to another viewer.
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': 'inline',
    },
  });
}
