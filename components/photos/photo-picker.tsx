'use client';
// The one photo picker of the app (resident submission, staff intake, progress and resolution on a case): camera or album, previews, shrunk on the phone.
import { useState, type ChangeEvent } from 'react';
import { FieldError } from '@/components/forms/field-error';

export type PickedPhoto = { id: number; file: File; url: string };

export const MAX_PHOTOS = 3;
const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = 'image/jpeg,image/png,image/webp';
const ACCEPTED = new Set(ACCEPT.split(','));

let nextId = 1;

/**
 * Up to three photos, from the camera or the album (a `capture` input opens the camera
 * directly on most phones, so the album needs an input of its own). The files live in the
 * form's state, not in these inputs: the form appends them to what it sends. The browser's
 * checks are a convenience; the server decides by the file's bytes.
 */
export function PhotoPicker({
  id,
  photos,
  onAdd,
  onRemove,
  error,
  label = '照片',
  hint = '拍下现场更便于核实。照片中的位置等信息会被自动去除。',
  max = MAX_PHOTOS,
}: {
  id: string;
  photos: PickedPhoto[];
  onAdd: (added: PickedPhoto[]) => void;
  onRemove: (id: number) => void;
  error?: string;
  label?: string;
  hint?: string;
  /** Fewer than three where the record keeps fewer (a visit keeps one). */
  max?: number;
}) {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const room = max - photos.length;
  const message = notice ?? error;

  async function pick(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const files = [...(input.files ?? [])];
    // Cleared so the same photo can be chosen again after removing it.
    input.value = '';
    if (files.length === 0) return;
    const problems: string[] = [];
    const usable = files.filter((f) => {
      if (!ACCEPTED.has(f.type)) problems.push('只支持 JPEG、PNG、WebP 格式的照片');
      else if (f.size > MAX_BYTES) problems.push('照片不能超过 10 MB');
      else return true;
      return false;
    });
    if (usable.length > room) problems.push(`最多上传 ${max} 张照片`);
    setNotice(problems[0] ?? null);
    const taken = usable.slice(0, room);
    if (taken.length === 0) return;
    setBusy(true);
    try {
      // Loaded on the first pick, as most visits to a form send no photo. Offline, with the code not
      // yet fetched, the photos go as taken: shrinking is a courtesy, the server re-encodes anyway.
      const shrink = await import('./shrink-photo').then(
        (m) => m.shrinkPhoto,
        () => async (file: File) => file,
      );
      const shrunk = await Promise.all(taken.map(shrink));
      onAdd(shrunk.map((file) => ({ id: nextId++, file, url: URL.createObjectURL(file) })));
    } finally {
      setBusy(false);
    }
  }

  const button =
    'relative flex min-h-12 flex-1 cursor-pointer items-center justify-center gap-2 rounded-lg border border-stone-400 bg-white px-3 text-base font-medium text-stone-900 focus-within:outline focus-within:outline-3 focus-within:outline-offset-2 focus-within:outline-blue-700 hover:bg-stone-50';

  return (
    <fieldset id={id} tabIndex={-1} aria-describedby={message ? `${id}-error` : `${id}-hint`}>
      <legend className="text-sm font-medium text-stone-800">
        {label} <span className="font-normal text-stone-600">（可选，最多 {max} 张）</span>
      </legend>
      <p id={`${id}-hint`} className="mt-1 text-sm text-stone-600">
        {hint}
      </p>
      {photos.length > 0 && (
        <ul className="mt-3 grid grid-cols-3 gap-2" aria-label={`已选 ${photos.length} 张照片`}>
          {photos.map((p, i) => (
            <li key={p.id} className="relative">
              {/* eslint-disable-next-line @next/next/no-img-element -- a local preview (blob: URL), not a served image */}
              <img src={p.url} alt={`第 ${i + 1} 张照片预览`} className="aspect-square w-full rounded-lg border border-stone-300 object-cover" />
              <button
                type="button"
                onClick={() => onRemove(p.id)}
                className="absolute right-1 top-1 flex h-11 min-w-11 items-center justify-center rounded-full bg-stone-900/80 px-2 text-sm font-semibold text-white"
              >
                删除<span className="sr-only">第 {i + 1} 张照片</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {room > 0 && (
        <div className="mt-3 flex gap-2">
          <label className={button}>
            <CameraIcon /> 拍照
            <input type="file" name="photos" accept={ACCEPT} capture="environment" multiple onChange={pick} disabled={busy} className="sr-only" />
          </label>
          <label className={button}>
            <AlbumIcon /> 从相册选择
            <input type="file" name="photos" accept={ACCEPT} multiple onChange={pick} disabled={busy} className="sr-only" />
          </label>
        </div>
      )}
      <p aria-live="polite" className="mt-2 text-sm text-stone-700">
        {busy ? '正在处理照片…' : photos.length > 0 ? `已选 ${photos.length}/${max} 张` : ''}
      </p>
      <FieldError id={id} error={message ?? undefined} />
    </fieldset>
  );
}

/** Frees the previews' memory; call when photos are removed for good (sent, or the form left). */
export function releasePhotos(photos: PickedPhoto[]): void {
  for (const p of photos) URL.revokeObjectURL(p.url);
}

function CameraIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round">
      <path d="M4 8h3l2-3h6l2 3h3v11H4z" />
      <circle cx="12" cy="13" r="3.5" />
    </svg>
  );
}

function AlbumIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round">
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <path d="M3 16l5-5 4 4 3-3 6 6" />
      <circle cx="16" cy="9" r="1.5" />
    </svg>
  );
}
