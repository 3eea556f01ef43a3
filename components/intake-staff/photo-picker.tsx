'use client';
// Up to three photos taken with the camera, shrunk on the phone before upload, held in memory only.
import { FieldError, labelClass } from './fields';
import { T } from './text';

export const MAX_PHOTOS = 3;
/** Long edge sent over the network; the server re-encodes again (≤ 2048 px) and strips metadata. */
const MAX_EDGE = 1600;
const QUALITY = 0.8;

export type PendingPhoto = { file: File; url: string };

/**
 * A camera photo is 3–8 MB; on a weak signal that is the difference between sending and not.
 * Redrawing on a canvas also drops EXIF (GPS) before anything leaves the phone. Any failure
 * (old browser, odd format) sends the original, which the server checks and re-encodes anyway.
 */
async function shrink(file: File): Promise<File> {
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
    if (!blob || blob.size >= file.size) return file;
    return new File([blob], `${file.name.replace(/\.[^.]*$/, '') || 'photo'}.jpg`, { type: 'image/jpeg', lastModified: file.lastModified });
  } catch {
    return file;
  }
}

export function PhotoPicker({ id: inputId, photos, error, onChange }: { id: string; photos: PendingPhoto[]; error?: string; onChange: (photos: PendingPhoto[]) => void }) {
  const full = photos.length >= MAX_PHOTOS;

  async function add(files: FileList | null) {
    const room = MAX_PHOTOS - photos.length;
    const chosen = Array.from(files ?? []).slice(0, room);
    if (chosen.length === 0) return;
    const shrunk = await Promise.all(chosen.map(shrink));
    onChange([...photos, ...shrunk.map((file) => ({ file, url: URL.createObjectURL(file) }))]);
  }

  function remove(index: number) {
    URL.revokeObjectURL(photos[index]!.url);
    onChange(photos.filter((_, i) => i !== index));
  }

  return (
    <div>
      <p className={labelClass} id={`${inputId}-label`}>
        {T.photos}
      </p>
      {photos.length > 0 && (
        <ul className="mt-2 flex gap-2">
          {photos.map((p, i) => (
            <li key={p.url} className="relative">
              {/* eslint-disable-next-line @next/next/no-img-element -- a local blob: preview, nothing to optimise */}
              <img src={p.url} alt={`照片 ${i + 1}`} className="h-20 w-20 rounded-lg border border-stone-300 object-cover" />
              <button
                type="button"
                onClick={() => remove(i)}
                aria-label={T.removePhoto(i + 1)}
                className="absolute -right-2 -top-2 flex h-11 w-11 items-center justify-center"
              >
                <span aria-hidden="true" className="flex h-7 w-7 items-center justify-center rounded-full bg-stone-800 text-base text-white">
                  ×
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <label
        htmlFor={inputId}
        aria-disabled={full}
        className={`mt-2 flex min-h-12 items-center justify-center gap-2 rounded-lg border-2 border-dashed px-3 font-medium has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-blue-700 ${
          full ? 'border-stone-200 text-stone-400' : 'cursor-pointer border-stone-400 text-stone-800'
        }`}
      >
        <CameraIcon />
        {full ? T.photosFull : T.takePhoto(photos.length)}
        <input
          id={inputId}
          name="photo-picker"
          type="file"
          accept="image/*"
          capture="environment"
          disabled={full}
          aria-describedby={`${inputId}-note${error ? ` ${inputId}-error` : ''}`}
          className="sr-only"
          onChange={(e) => {
            void add(e.target.files);
            // Lets the same file be chosen again after removing it.
            e.target.value = '';
          }}
        />
      </label>
      <p id={`${inputId}-note`} className="mt-1 text-xs text-stone-600">
        {T.photoNotSaved}
      </p>
      <FieldError id={inputId} error={error} />
    </div>
  );
}

function CameraIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round">
      <path d="M4 7h3l2-3h6l2 3h3a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1z" />
      <circle cx="12" cy="13" r="4" />
    </svg>
  );
}
