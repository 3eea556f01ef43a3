// Who works with volunteer points and where: roles, and the community a record belongs to (a path's first three levels).
import type { Role } from '@/db/schema';
import type { Scope } from '@/lib/auth/scope';

export type PointsActor = { id: number; role: Role; scope: Scope };

/** Staff of the points: they create activities, confirm attendance, award points and serve the 文明超市 counter. */
export const POINTS_ROLES = ['admin', 'secretary', 'grid_worker'] as const satisfies readonly Role[];
/** Who keeps the 文明超市's goods (prices and stock) of a community. */
export const GOODS_ROLES = ['admin', 'secretary'] as const satisfies readonly Role[];

export function isPointsRole(role: Role): boolean {
  return (POINTS_ROLES as readonly Role[]).includes(role);
}

/** "/1/2/3/4/9/" → "/1/2/3/": the community of a record (county / township / community / …); null above community level. */
export function communityPathOf(path: string): string | null {
  const ids = path.split('/').filter(Boolean);
  return ids.length >= 3 ? `/${ids.slice(0, 3).join('/')}/` : null;
}
