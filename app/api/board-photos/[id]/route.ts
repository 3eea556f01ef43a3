import { NextResponse } from 'next/server';
import { appStore } from '@/db/store';
import { getBoardPhoto } from '@/lib/board/board';
import { readPhoto } from '@/lib/cases/photos';
import { idParamSchema } from '@/lib/org/schemas';

/** A photo staff chose for a published wish or request; gone with the publication (withdrawn → 404). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = idParamSchema.safeParse((await params).id);
  const photo = id.success ? await getBoardPhoto(appStore().db, id.data) : null;
  const bytes = photo ? await readPhoto(photo.fileName) : null;
  if (!photo || !bytes) return NextResponse.json({ error: '照片不存在' }, { status: 404, headers: { 'Cache-Control': 'no-store' } });
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': photo.mime,
      'Content-Length': String(bytes.length),
      // Short: a withdrawn photo must not linger in caches.
      'Cache-Control': 'public, max-age=60',
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': 'inline',
    },
  });
}
