// A part of a page that the browser hydrates in a pass of its own, after the part around it.
import { Activity } from 'react';

/**
 * React leaves a server-rendered <Activity> boundary (as it does a Suspense boundary) for later when it
 * hydrates the page: the boundary's content is hydrated afterwards at low priority, in interruptible
 * slices, and committed on its own. So the first hydration commit, which cannot be interrupted, covers
 * less of the page, and a phone answers a tap sooner (Lighthouse's total blocking time). Boundaries
 * nested inside one another hydrate one level after the other; siblings in the same pass.
 * Activity rather than Suspense: the server still sends the page in one piece. Under a Suspense
 * boundary, content that the server renders a moment later (React defers large parts of the RSC
 * payload) would be streamed behind a placeholder and revealed up to 300 ms after the first paint.
 */
export function HydrateLater({ children }: { children: React.ReactNode }) {
  return <Activity mode="visible">{children}</Activity>;
}
