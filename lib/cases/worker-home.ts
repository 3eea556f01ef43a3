// The grid worker's home for one URL: the query string validated, then the list and its tab counts.
import type { DB } from '@/db/client';
import { workerQueue } from './queries';
import { workerHomeQuerySchema } from './schemas';
import type { Viewer } from './visibility';

export function loadWorkerHome(db: DB, viewer: Extract<Viewer, { kind: 'account' }>, raw: Record<string, unknown>, now: Date) {
  const query = workerHomeQuerySchema.parse({ ...raw, search: raw.q });
  return { query, ...workerQueue(db, viewer, query, now) };
}
