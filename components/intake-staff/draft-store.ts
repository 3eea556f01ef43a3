// Drafts of the intake forms in localStorage, saved on every change, so a reload or a dropped connection loses nothing typed.
import { useCallback, useMemo, useSyncExternalStore } from 'react';

/** Where localStorage is unavailable or full (private mode), drafts live in memory for this page. */
const memory = new Map<string, string>();
const listeners = new Set<() => void>();

function read(key: string): string | null {
  if (memory.has(key)) return memory.get(key)!;
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
    memory.delete(key);
  } catch {
    if (value === null) memory.delete(key);
    else memory.set(key, value);
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab editing the same draft.
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

/** Whether the last save reached localStorage (false: it is only in memory and a reload loses it). */
export function draftPersisted(key: string): boolean {
  return !memory.has(key);
}

/**
 * The draft stored under `key` (null until something is typed) and an updater. The server
 * renders no draft; the stored one appears right after hydration.
 */
export function useStoredDraft<T>(key: string, parse: (value: unknown) => T | null) {
  const raw = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => null,
  );
  const draft = useMemo(() => {
    if (raw === null) return null;
    try {
      return parse(JSON.parse(raw));
    } catch {
      return null;
    }
  }, [raw, parse]);
  const update = useCallback(
    (change: (current: T | null) => T | null) => {
      const stored = read(key);
      let current: T | null = null;
      try {
        current = stored === null ? null : parse(JSON.parse(stored));
      } catch {
        current = null;
      }
      const next = change(current);
      write(key, next === null ? null : JSON.stringify(next));
    },
    [key, parse],
  );
  return [draft, update] as const;
}

/** One key per draft: a retry of the same draft must be recognised by the server as the same request. */
export function newClientKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID exists only on https (and localhost); getRandomValues everywhere.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export { useOnline } from '@/components/shell/use-online';
