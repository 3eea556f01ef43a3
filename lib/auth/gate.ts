// The decision of the one server-side gate (current-user.ts), apart from Next: who may pass, given who is signed in.
import type { Role } from '@/db/schema';

/** What the gate does with a request: let it through, or send it to the sign-in page, the password page or "not found". */
export type GateDecision = 'pass' | 'login' | 'password' | 'not_found';

/**
 * requireUser's rule: signed-out users go to the sign-in page, a one-time password holder to the password page; a role
 * that may not use the page gets "not found", so the page's existence reveals nothing. `changingPassword`: the gate of
 * the password page itself (requireUserChangingPassword), which a one-time password holder must pass.
 */
export function gateDecision(
  user: { role: Role; mustChangePassword: boolean } | null,
  roles?: readonly Role[],
  { changingPassword = false }: { changingPassword?: boolean } = {},
): GateDecision {
  if (!user) return 'login';
  if (changingPassword) return 'pass';
  if (user.mustChangePassword) return 'password';
  if (roles && !roles.includes(user.role)) return 'not_found';
  return 'pass';
}
