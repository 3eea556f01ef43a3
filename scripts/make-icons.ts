// Renders the app icons from app/icon.svg once; the PNGs and favicon.ico are committed, so run it only after changing the SVG.
import fs from 'node:fs/promises';
import sharp from 'sharp';

const png = async (size: number) => sharp(await fs.readFile('app/icon.svg'), { density: 300 }).resize(size, size).png({ compressionLevel: 9 }).toBuffer();

/** An .ico holding one PNG image: a 6-byte header and one 16-byte directory entry, then the PNG. */
function icoOf(image: Buffer, size: number): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size >= 256 ? 0 : size, 6);
  header.writeUInt8(size >= 256 ? 0 : size, 7);
  header.writeUInt8(0, 8); // no palette
  header.writeUInt8(0, 9);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(22, 18); // offset of the image
  return Buffer.concat([header, image]);
}

async function main() {
  await fs.mkdir('public', { recursive: true });
  await fs.writeFile('public/icon-192.png', await png(192));
  await fs.writeFile('public/icon-512.png', await png(512));
  await fs.writeFile('app/apple-icon.png', await png(180));
  await fs.writeFile('app/favicon.ico', icoOf(await png(32), 32));
  console.log('icons written');
}

void main();
