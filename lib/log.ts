// Server log lines as JSON, one per line: time, level, the request id where known, message.
import { currentRequestId } from './http/request-context';

type Level = 'info' | 'warn' | 'error';

function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { error: error.message, stack: error.stack };
  return error === undefined ? {} : { error: String(error) };
}

/** The line as written; exported for tests. */
export function formatLine(level: Level, message: string, fields: Record<string, unknown> = {}, now = new Date()): string {
  const requestId = currentRequestId();
  return JSON.stringify({ time: now.toISOString(), level, ...(requestId ? { requestId } : {}), msg: message, ...fields });
}

export const log = {
  info(message: string, fields?: Record<string, unknown>): void {
    console.info(formatLine('info', message, fields));
  },
  warn(message: string, fields?: Record<string, unknown>): void {
    console.warn(formatLine('warn', message, fields));
  },
  error(message: string, error?: unknown, fields?: Record<string, unknown>): void {
    console.error(formatLine('error', message, { ...fields, ...errorFields(error) }));
  },
};
