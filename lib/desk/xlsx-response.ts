// A workbook as an HTTP download, streamed while it is being written, at the pace the client reads it.
import { Writable } from 'node:stream';
import { log } from '@/lib/log';
import { ExportTooLarge, type XlsxDownload } from './export';
import { ExportAborted } from './ledger-workbook';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** How far the writer may run ahead of the client: enough to ride out a busy moment of either, small beside a file. */
const AHEAD_BYTES = 1024 * 1024;

/**
 * The bridge from the workbook writer (a Node Writable) to the response body (a web ReadableStream)
 * with real backpressure: the body queues at most AHEAD_BYTES, and a write completes only while the
 * queue is below that, so a slow client holds the writer back instead of filling memory. The sink
 * finishes only once the queue is empty, so `finish` means the reader has taken the whole file.
 * When the reader cancels (the client went away), the sink is destroyed, which the writer notices.
 */
export class ResponseSink extends Writable {
  readonly body: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  /** The callback of the write (or of the end) waiting for the reader to take more. */
  private waiting: (() => void) | null = null;
  private readonly aheadBytes: number;

  constructor(aheadBytes = AHEAD_BYTES, nodeBufferBytes = 64 * 1024) {
    // A little buffering on the Node side too, so archiver's small writes are not each a round trip.
    super({ highWaterMark: nodeBufferBytes });
    this.aheadBytes = aheadBytes;
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        // Called whenever the reader has taken something and the queue is below its mark.
        pull: () => this.release(),
        cancel: () => {
          this.waiting = null;
          this.destroy();
        },
      },
      { highWaterMark: aheadBytes, size: (chunk) => chunk.byteLength },
    );
  }

  private release(): void {
    const release = this.waiting;
    this.waiting = null;
    release?.();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    try {
      this.controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch (error) {
      callback(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if ((this.controller.desiredSize ?? 0) > 0) callback();
    else this.waiting = () => callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    const end = () => {
      try {
        this.controller.close();
      } catch (error) {
        callback(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      callback();
    };
    // Finished only when the reader has taken everything: the queue is empty.
    const whenEmpty = () => {
      if ((this.controller.desiredSize ?? 0) >= this.aheadBytes) end();
      else this.waiting = whenEmpty;
    };
    whenEmpty();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.waiting = null;
    // An error cuts the body off, so the browser reports a failed download instead of saving a
    // truncated file that looks complete. (After a cancel or close this does nothing.)
    if (error) this.controller.error(error);
    callback(error);
  }
}

/**
 * The download as a Response. `signal` is the request's: when the client goes away the sink is
 * destroyed even if the body was never read. The route has already authorised and validated.
 */
export function xlsxResponse(download: XlsxDownload, signal?: AbortSignal): Response {
  const sink = new ResponseSink();
  // Late write errors of the zip after a cancel land here instead of crashing the process.
  sink.on('error', (error) => log.error('ledger export stream failed', error));
  if (signal) {
    if (signal.aborted) sink.destroy();
    else signal.addEventListener('abort', () => sink.destroy(), { once: true });
  }
  download.write(sink).catch((error: unknown) => {
    if (error instanceof ExportAborted) {
      log.info('ledger export cut off: the client went away');
      return;
    }
    log.error('ledger export failed', error);
    sink.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return new Response(sink.body, {
    headers: {
      'Content-Type': XLSX_MIME,
      'Content-Disposition': contentDisposition(download.fileName),
      // Personal data: never kept by a shared cache or the browser's cache.
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** Runs `prepare`; an export too large for one sheet becomes a 422 answer with its Chinese message, before any byte of a file. */
export async function tooLargeAsRefusal<T>(prepare: () => Promise<T>): Promise<T | Response> {
  try {
    return await prepare();
  } catch (error) {
    if (error instanceof ExportTooLarge) return new Response(error.message, { status: 422, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    throw error;
  }
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
