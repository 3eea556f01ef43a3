// The status links a resident received on this phone, kept in the browser so they can be found again.

export type SavedLink = { number: string; path: string; place: string; at: string };

const KEY = 'yinghuo:my-requests';
const KEEP = 10;
const listeners = new Set<() => void>();

export function readSavedLinksRaw(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function parseSavedLinks(raw: string | null): SavedLink[] {
  if (!raw) return [];
  try {
    const list: unknown = JSON.parse(raw);
    return Array.isArray(list) ? list.filter((x): x is SavedLink => typeof x?.number === 'string' && typeof x?.path === 'string' && x.path.startsWith('/t/')) : [];
  } catch {
    return [];
  }
}

function write(list: SavedLink[]) {
  try {
    if (list.length === 0) window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, JSON.stringify(list.slice(0, KEEP)));
  } catch {
    // Private mode or storage full: the link on screen is still there to copy.
  }
  for (const l of listeners) l();
}

export function saveLink(link: SavedLink) {
  write([link, ...parseSavedLinks(readSavedLinksRaw()).filter((l) => l.number !== link.number)]);
}

export function clearSavedLinks() {
  write([]);
}

/** For useSyncExternalStore: changes from this tab and from other tabs. */
export function subscribeSavedLinks(onChange: () => void): () => void {
  listeners.add(onChange);
  window.addEventListener('storage', onChange);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('storage', onChange);
  };
}
