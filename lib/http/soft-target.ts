// Which clicks on a plain link the app navigates itself (components/ui/soft-nav-region.tsx), as next/link decides for its own.

type Click = { button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean; defaultPrevented: boolean };
type Anchor = { target: string; hasAttribute(name: string): boolean; getAttribute(name: string): string | null };

/** The same-origin path a click on `a` should open in the app, or null when the browser should handle it itself. */
export function softTarget(event: Click, a: Anchor | null, origin: string): string | null {
  if (!a || event.defaultPrevented || event.button !== 0) return null;
  // A new tab or window, a download: the browser's own behaviour.
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  if ((a.target && a.target !== '_self') || a.hasAttribute('download')) return null;
  const href = a.getAttribute('href');
  if (!href || href.startsWith('#')) return null;
  const url = new URL(href, origin);
  if (url.origin !== origin) return null;
  return url.pathname + url.search + url.hash;
}

