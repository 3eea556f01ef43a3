// Shrinks a phone photo in the browser before upload, so three photos go through on a weak signal.

const SHRINK_ABOVE_BYTES = 1.5 * 1024 * 1024;
/** The server keeps at most 2048 px anyway; sending more is wasted bandwidth. */
const MAX_EDGE = 2048;

/**
 * A smaller JPEG of the photo, or the photo itself when it is already small or the browser
 * cannot help. The server checks and re-encodes whatever arrives, so this is only a courtesy.
 * Orientation is applied while decoding ('from-image'), as the canvas keeps no EXIF.
 */
export async function shrinkPhoto(file: File): Promise<File> {
  if (file.size <= SHRINK_ABOVE_BYTES || typeof createImageBitmap !== 'function') return file;
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) return file;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.88));
    if (!blob || blob.size >= file.size) return file;
    return new File([blob], `${file.name.replace(/\.[^.]*$/, '') || 'photo'}.jpg`, { type: 'image/jpeg' });
  } catch {
    return file;
  }
}
