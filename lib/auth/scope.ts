// Scope rules: which part of the organisation tree an account may see and act on.
import type { Role } from '@/db/schema';

/**
 * An account's scope is the set of org-node paths it acts for ("/1/2/3/"). A record is in
 * scope when its node path starts with one of them. Paths only hold digits and slashes.
 */
export type Scope = { readonly paths: readonly string[] };

export function isWithinScope(scope: Scope, path: string): boolean {
  return scope.paths.some((p) => path.startsWith(p));
}

/** Drops paths already covered by a broader one, so queries carry no redundant conditions. */
export function normaliseScope(paths: readonly string[]): Scope {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const p of sorted) if (!kept.some((k) => p.startsWith(k))) kept.push(p);
  return { paths: kept };
}

/** Roles whose work needs the households and residents of their scope. */
const ROLES_SEEING_HOUSEHOLDS: readonly Role[] = ['admin', 'secretary', 'grid_worker'];

export function canSeeHouseholds(role: Role): boolean {
  return ROLES_SEEING_HOUSEHOLDS.includes(role);
}

/** Phone numbers in lists are masked: 13812345678 → 138****5678. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
