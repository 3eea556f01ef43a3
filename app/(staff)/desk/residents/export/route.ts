import { notFound, redirect } from 'next/navigation';
import { appStore } from '@/db/store';
import { getCurrentUser } from '@/lib/auth/current-user';
import { isSameOrigin } from '@/lib/http/form-post';
import { exportResidentData, RESIDENT_EXPORT_ROLES, residentExportSchema } from '@/lib/pipl/resident-data';

export const dynamic = 'force-dynamic';

/** A resident's data as a download: a POST from the form only, never a link a browser could prefetch. */
export async function POST(request: Request) {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  // Like every page a role may not use: "not found", so its existence reveals nothing.
  if (!(RESIDENT_EXPORT_ROLES as readonly string[]).includes(user.role)) notFound();
  // Only our own form may ask: a cross-site form post is refused even if a browser sent the cookie.
  if (!isSameOrigin(request.headers)) return new Response('来源无效', { status: 403 });

  // 303: the browser follows with a GET, so the form is never posted twice.
  // A relative Location: behind a proxy the server's own idea of its URL is not the browser's.
  const back = (message: string) => new Response(null, { status: 303, headers: { Location: `/desk/residents?error=${encodeURIComponent(message)}` } });
  const form = await request.formData();
  const parsed = residentExportSchema.safeParse({ phone: form.get('phone') ?? '', name: form.get('name') ?? '', format: form.get('format') });
  if (!parsed.success) return back(parsed.error.issues[0]?.message ?? '请检查填写的内容');
  const file = await exportResidentData(appStore(), user, parsed.data);
  if (!file.ok) return back(file.message);
  return new Response(new Uint8Array(file.body), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="resident-data.${file.fileName.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'Cache-Control': 'no-store',
    },
  });
}
