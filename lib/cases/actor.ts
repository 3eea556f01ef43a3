// The signed-in user as an actor of the case lifecycle.
import type { CurrentUser } from '@/lib/auth/current-user';
import type { Actor } from './lifecycle';

export type AccountActor = Extract<Actor, { kind: 'account' }>;

export function actorFromUser(user: CurrentUser): AccountActor {
  return { kind: 'account', id: user.id, role: user.role, name: user.displayName, scope: user.scope, unitId: user.unitId };
}
