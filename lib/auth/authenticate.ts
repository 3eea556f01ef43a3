// Checks a sign-in attempt: account lookup by name or phone, throttling, password.
import { eq, or } from 'drizzle-orm';
import type { Role } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { accounts } from '@/db/tables';
import { dummyHash, verifyPassword } from './password';
import { attemptKeys, minutesToWait, reserveAttempt, settleAttempt } from './rate-limit';
import type { SignInInput } from './schemas';

export type AuthenticatedAccount = { id: number; username: string; displayName: string; role: Role };

export type AuthenticateResult =
  | { ok: true; account: AuthenticatedAccount }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMinutes: number };

async function findAccount(db: AppDb, login: string) {
  const [account] = await db
    .select()
    .from(accounts)
    .where(or(eq(accounts.username, login), eq(accounts.phone, login)))
    .orderBy(accounts.id)
    .limit(1);
  return account;
}

export async function authenticate(store: Store, input: SignInInput, ip: string | null, now = new Date()): Promise<AuthenticateResult> {
  const login = input.login.trim();
  const account = await findAccount(store.db, login);
  // Resolved first, so the account name and the phone number share one budget.
  const keys = attemptKeys(account ? { accountId: account.id } : { login }, ip);
  // Counted before the password is checked: parallel guesses cannot all slip past the throttle (rate-limit.ts).
  const reservation = await reserveAttempt(store, keys, now);
  if (!reservation.ok) return { ok: false, reason: 'throttled', retryAfterMinutes: minutesToWait(reservation.until, now) };

  const passwordOk = await verifyPassword(input.password, account?.passwordHash ?? dummyHash());
  const ok = Boolean(account && account.active && passwordOk);
  await settleAttempt(store, reservation, ok);
  if (!ok || !account) return { ok: false, reason: 'invalid' };
  return {
    ok: true,
    account: { id: account.id, username: account.username, displayName: account.displayName, role: account.role },
  };
}
