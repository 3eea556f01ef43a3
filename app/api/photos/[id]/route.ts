import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { getCurrentUser } from '@/lib/auth/current-user';
import { actorFromUser } from '@/lib/cases/actor';
import { readPhoto } from '@/lib/cases/photos';
import { getPhotoForViewer } from '@/lib/cases/queries';
import { idParamSchema } from '@/lib/org/schemas';

const noStore = { 'Cache-Control': 'no-store' };

/** A case photo, for signed-in staff who may see the case; the same 404 whether missing or not theirs. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: '请先登录' }, { status: 401, headers: noStore });
  const id = idParamSchema.safeParse((await params).id);
  const photo = id.success ? getPhotoForViewer(getDb(), actorFromUser(user), id.data) : null;
  const bytes = photo ? await readPhoto(photo.fileName) : null;
  if (!photo || !bytes) return NextResponse.json({ error: '照片不存在' }, { status: 404, headers: noStore });
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': photo.mime,
      'Content-Length': String(bytes.length),
      // Private: a shared cache must never hand one person's case photo to another.
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': 'inline',
    },
  });
}
