import { NextResponse } from 'next/server';
import { appStore } from '@/db/store';
import { getCurrentUser } from '@/lib/auth/current-user';
import { actorFromUser } from '@/lib/cases/actor';
import { hashToken } from '@/lib/cases/commands';
import { readPhoto } from '@/lib/cases/photos';
import { getPhotoForStatusToken, statusTokenSchema } from '@/lib/cases/public-view';
import { getPhotoForViewer } from '@/lib/cases/queries';
import { idParamSchema } from '@/lib/org/schemas';

const noStore = { 'Cache-Control': 'no-store' };

/**
 * A case photo. Signed-in staff see the photos of cases they may see; a resident holding the
 * status link (`?t=<token>`) sees that case's own submission photos and the handler's public
 * ones. The same 404 whether a photo is missing or not theirs.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = idParamSchema.safeParse((await params).id);
  const token = new URL(request.url).searchParams.get('t');
  let photo: { fileName: string; mime: string } | null = null;
  if (token !== null) {
    const parsed = statusTokenSchema.safeParse(token);
    photo = id.success && parsed.success ? await getPhotoForStatusToken(appStore().db, hashToken(parsed.data), id.data) : null;
  } else {
    const user = await getCurrentUser();
    if (!user) return NextResponse.json({ error: '请先登录' }, { status: 401, headers: noStore });
    photo = id.success ? await getPhotoForViewer(appStore().db, actorFromUser(user), id.data) : null;
  }
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
      // The token is in this URL: never pass it on.
      'Referrer-Policy': 'no-referrer',
    },
  });
}
