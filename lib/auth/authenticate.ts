// Checks a sign-in attempt: account lookup by name or phone, throttling, password.
import { eq, or } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accounts, type Role } from '@/db/schema';
import { DUMMY_HASH, verifyPassword } from './password';
import { attemptKeys, minutesToWait, recordAttempt, throttledUntil } from './rate-limit';
import type { SignInInput } from './schemas';

export type AuthenticatedAccount = { id: number; username: string; displayName: string; role: Role };

export type AuthenticateResult =
  | { ok: true; account: AuthenticatedAccount }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMinutes: number };

export async function authenticate(db: DB, input: SignInInput, ip: string | null, now = new Date()): Promise<AuthenticateResult> {
  const login = input.login.trim();
  const account = db
    .select()
    .from(accounts)
    .where(or(eq(accounts.username, login), eq(accounts.phone, login)))
    .get();
  // Resolved first, so the account name and the phone number share one budget.
  const keys = attemptKeys(account ? { accountId: account.id } : { login }, ip);
  const until = throttledUntil(db, keys, now);
  if (until) return { ok: false, reason: 'throttled', retryAfterMinutes: minutesToWait(until, now) };

  const passwordOk = await verifyPassword(input.password, account?.passwordHash ?? DUMMY_HASH);
  const ok = Boolean(account && account.active && passwordOk);
  recordAttempt(db, keys, ok, now);
  if (!ok || !account) return { ok: false, reason: 'invalid' };
  return {
    ok: true,
    account: { id: account.id, username: account.username, displayName: account.displayName, role: account.role },
  };
}
