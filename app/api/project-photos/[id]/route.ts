import { NextResponse } from 'next/server';
import { appStore } from '@/db/store';
import { getCurrentUser } from '@/lib/auth/current-user';
import { readPhoto } from '@/lib/cases/photos';
import { projectPhotoForViewer } from '@/lib/cobuild/projects';
import { idParamSchema } from '@/lib/org/schemas';

const noStore = { 'Cache-Control': 'no-store' };

/** A project's progress photo, for those who may see the project; otherwise the same 404 as a missing one. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: '请先登录' }, { status: 401, headers: noStore });
  const id = idParamSchema.safeParse((await params).id);
  const photo = id.success ? await projectPhotoForViewer(appStore().db, user, id.data) : null;
  const bytes = photo ? await readPhoto(photo.fileName) : null;
  if (!photo || !bytes) return NextResponse.json({ error: '照片不存在' }, { status: 404, headers: noStore });
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': photo.mime,
      'Content-Length': String(bytes.length),
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': 'inline',
    },
  });
}
