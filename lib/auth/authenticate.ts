// Checks a sign-in attempt: throttling, account lookup by name or phone, password.
import { eq, or } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accounts, type Role } from '@/db/schema';
import { DUMMY_HASH, verifyPassword } from './password';
import { attemptKeys, isThrottled, recordAttempt } from './rate-limit';
import type { SignInInput } from './schemas';

export type AuthenticatedAccount = { id: number; username: string; displayName: string; role: Role };

export type AuthenticateResult =
  | { ok: true; account: AuthenticatedAccount }
  | { ok: false; reason: 'invalid' | 'throttled' };

export async function authenticate(db: DB, input: SignInInput, ip: string | null, now = new Date()): Promise<AuthenticateResult> {
  const keys = attemptKeys(input.login, ip);
  if (isThrottled(db, keys, now)) return { ok: false, reason: 'throttled' };

  const account = db
    .select()
    .from(accounts)
    .where(or(eq(accounts.username, input.login), eq(accounts.phone, input.login)))
    .get();
  const passwordOk = await verifyPassword(input.password, account?.passwordHash ?? DUMMY_HASH);
  const ok = Boolean(account && account.active && passwordOk);
  recordAttempt(db, keys, ok, now);
  if (!ok || !account) return { ok: false, reason: 'invalid' };
  return {
    ok: true,
    account: { id: account.id, username: account.username, displayName: account.displayName, role: account.role },
  };
}
