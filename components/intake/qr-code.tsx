import QRCode from 'qrcode';

/** Modules of white border around the code, as the QR standard asks for reliable scanning. */
const QUIET_ZONE = 4;

/**
 * A QR code as plain SVG rectangles, drawn on the server: no script, no image request, and
 * sharp at any print size. Dark modules in one row are merged into one rectangle.
 */
export function QrCode({ text, label, className }: { text: string; label: string; className?: string }) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const dim = size + QUIET_ZONE * 2;
  const runs: { x: number; y: number; w: number }[] = [];
  for (let row = 0; row < size; row++) {
    let start = -1;
    for (let col = 0; col <= size; col++) {
      const dark = col < size && modules.get(row, col);
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        runs.push({ x: start + QUIET_ZONE, y: row + QUIET_ZONE, w: col - start });
        start = -1;
      }
    }
  }
  return (
    <svg viewBox={`0 0 ${dim} ${dim}`} role="img" aria-label={label} shapeRendering="crispEdges" className={className}>
      <rect width={dim} height={dim} fill="#fff" />
      {runs.map((r) => (
        <rect key={`${r.y}-${r.x}`} x={r.x} y={r.y} width={r.w} height={1} fill="#000" />
      ))}
    </svg>
  );
}
