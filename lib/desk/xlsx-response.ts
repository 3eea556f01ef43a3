// A prepared ledger export as an HTTP download, streamed while the workbook is being written.
import { PassThrough, Readable } from 'node:stream';
import { log } from '@/lib/log';
import type { PreparedExport } from './export';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function xlsxResponse(prepared: PreparedExport): Response {
  const body = new PassThrough();
  prepared.write(body).catch((error: unknown) => {
    // Headers are gone by now; cutting the stream makes the browser report a failed download
    // instead of saving a truncated file that looks complete.
    log.error('ledger export failed', error);
    body.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
    headers: {
      'Content-Type': XLSX_MIME,
      'Content-Disposition': contentDisposition(prepared.fileName),
      // Personal data: never kept by a shared cache or the browser's cache.
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/**
 * RFC 6266 / 5987: an ASCII fallback for old clients and the UTF-8 name for everyone else,
 * so 台账_龙湖社区_2026-11-24.xlsx arrives with its Chinese name.
 */
export function contentDisposition(fileName: string): string {
  const stripped = fileName.replace(/[^\x20-\x7e]+/g, '').replace(/["\\]/g, '').replace(/_+/g, '_').replace(/^_/, '');
  // "台账_龙湖社区_2026-11-24.xlsx" leaves "2026-11-24.xlsx": name it for what it is.
  const ascii = /[a-z]/i.test(stripped.replace(/\.xlsx$/, '')) ? stripped : `ledger_${stripped}`;
  // RFC 5987 attr-chars exclude ' ( ) *, which encodeURIComponent leaves as they are.
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
