import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { deletePhotos, MAX_PHOTO_BYTES, PHOTO_MESSAGES, processPhotos, readPhoto } from './photos';

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-uploads-'));
  process.env.UPLOADS_DIR = dir;
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const stored = () => fs.readdirSync(dir);

/** The GPS IFD pointer tag (0x8825) as it appears in a little-endian EXIF block. */
const GPS_POINTER = Buffer.from([0x25, 0x88]);

/** A phone-like photo: landscape pixels, "rotate 90°" orientation, camera make and GPS position. */
async function phonePhoto(width = 300, height = 100): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#b45309' } })
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Phone 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 37/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '111/1 13/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
}

const asFile = (bytes: Uint8Array, name: string, type: string) => new File([new Uint8Array(bytes)], name, { type });

describe('processPhotos', () => {
  it('re-encodes a photo upright and without EXIF or GPS', async () => {
    const input = await phonePhoto();
    const meta = await sharp(input).metadata();
    // The fixture really carries what must be removed.
    assert.equal(meta.orientation, 6);
    assert.ok(meta.exif?.includes('TestCam'));
    assert.ok(meta.exif?.includes(GPS_POINTER));

    const result = await processPhotos([asFile(input, 'IMG_0001.jpg', 'image/jpeg')]);
    assert.ok(result.ok);
    const [photo] = result.photos;
    assert.ok(photo);
    assert.equal(photo.mime, 'image/jpeg');
    // Orientation 6 means "turn 90°": the stored photo is portrait.
    assert.deepEqual([photo.width, photo.height], [100, 300]);

    const bytes = await readPhoto(photo.fileName);
    assert.ok(bytes);
    assert.equal(bytes.length, photo.bytes);
    const out = await sharp(bytes).metadata();
    assert.equal(out.format, 'jpeg');
    assert.equal(out.exif, undefined, 'no EXIF block at all, so no GPS position');
    assert.equal(out.orientation, undefined);
    assert.equal(out.xmp, undefined);
    assert.ok(!bytes.includes('TestCam'));
  });

  it('fits large photos into 2048 px and accepts PNG and WebP by content', async () => {
    const big = await sharp({ create: { width: 4000, height: 1000, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const webp = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#fff' } }).webp().toBuffer();
    // The client's name and type are ignored: a PNG labelled as JPEG is still a PNG.
    const result = await processPhotos([asFile(big, 'a.jpg', 'image/jpeg'), asFile(webp, 'b.bin', 'application/octet-stream')]);
    assert.ok(result.ok);
    assert.deepEqual(
      result.photos.map((p) => [p.width, p.height]),
      [
        [2048, 512],
        [64, 64],
      ],
    );
    // Transparent pixels become white, not black, in a JPEG.
    const { data } = await sharp((await readPhoto(result.photos[0]!.fileName))!).raw().toBuffer({ resolveWithObject: true });
    assert.ok(data[0]! > 240);
  });

  it('refuses a text file renamed .jpg, and stores nothing', async () => {
    const before = stored().length;
    const result = await processPhotos([asFile(Buffer.from('not a photo at all'), 'photo.jpg', 'image/jpeg')]);
    assert.deepEqual(result, { ok: false, message: PHOTO_MESSAGES.badType });
    assert.equal(stored().length, before);
  });

  it('refuses a file that starts like a JPEG but does not decode', async () => {
    const result = await processPhotos([asFile(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8]), 'x.jpg', 'image/jpeg')]);
    assert.deepEqual(result, { ok: false, message: PHOTO_MESSAGES.unreadable });
  });

  it('refuses a fourth photo, and stores none of the four', async () => {
    const before = stored().length;
    const one = await phonePhoto(20, 20);
    const files = [1, 2, 3, 4].map((i) => asFile(one, `${i}.jpg`, 'image/jpeg'));
    assert.deepEqual(await processPhotos(files), { ok: false, message: '最多上传 3 张照片' });
    assert.equal(stored().length, before);
  });

  it('refuses a photo over 10 MB', async () => {
    const huge = Buffer.alloc(MAX_PHOTO_BYTES + 1);
    huge.set([0xff, 0xd8, 0xff]);
    assert.deepEqual(await processPhotos([asFile(huge, 'big.jpg', 'image/jpeg')]), { ok: false, message: '照片不能超过 10 MB' });
  });

  it('treats empty file fields (no file chosen) as no photo', async () => {
    assert.deepEqual(await processPhotos([asFile(new Uint8Array(), '', 'application/octet-stream')]), { ok: true, photos: [] });
  });

  it('deletes stored photos, and reads only names it made', async () => {
    const result = await processPhotos([asFile(await phonePhoto(20, 20), 'a.jpg', 'image/jpeg')]);
    assert.ok(result.ok);
    const name = result.photos[0]!.fileName;
    assert.ok(stored().includes(name));
    await deletePhotos(result.photos);
    assert.ok(!stored().includes(name));
    assert.equal(await readPhoto(name), null);
    assert.equal(await readPhoto('../../etc/passwd'), null);
  });
});
