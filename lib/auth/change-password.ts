// A signed-in user changes their own password; every other browser signed in to the account is signed out.
import { eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accounts } from '@/db/schema';
import { recordChange } from '@/lib/registry/audit';
import { hashPassword, verifyPassword } from './password';
import { attemptKeys, minutesToWait, recordAttempt, throttledMessage, throttledUntil } from './rate-limit';
import type { ChangePasswordInput } from './schemas';
import { endAccountSessions } from './sessions';

export type ChangePasswordResult =
  | { ok: true; endedSessions: number }
  | { ok: false; message: string; fieldErrors?: { current?: string[] } };

/**
 * The current password is asked for and throttled like a sign-in: a borrowed or stolen
 * session must not be enough to take the account over, nor to guess the password.
 */
export async function changePassword(
  db: DB,
  user: { id: number; sessionId: string },
  input: ChangePasswordInput,
  ip: string | null,
  now = new Date(),
): Promise<ChangePasswordResult> {
  const keys = attemptKeys({ accountId: user.id }, ip);
  const until = throttledUntil(db, keys, now);
  if (until) return { ok: false, message: throttledMessage(minutesToWait(until, now)) };
  const account = db
    .select({ passwordHash: accounts.passwordHash, mustChangePassword: accounts.mustChangePassword })
    .from(accounts)
    .where(eq(accounts.id, user.id))
    .get();
  const currentOk = account ? await verifyPassword(input.current, account.passwordHash) : false;
  recordAttempt(db, keys, currentOk, now);
  if (!currentOk) return { ok: false, message: '当前密码不正确。', fieldErrors: { current: ['当前密码不正确'] } };

  const passwordHash = hashPassword(input.next);
  const endedSessions = db.transaction((tx) => {
    // Choosing one's own password is what a one-time password asks for: it is spent now.
    tx.update(accounts).set({ passwordHash, mustChangePassword: false }).where(eq(accounts.id, user.id)).run();
    recordChange(
      tx,
      {
        accountId: user.id,
        action: 'change_own_password',
        subject: `account:${user.id}`,
        before: { mustChangePassword: account!.mustChangePassword },
        after: { mustChangePassword: false },
        note: '本人修改密码',
      },
      now,
    );
    return endAccountSessions(tx, user.id, user.sessionId);
  }, { behavior: 'immediate' });
  return { ok: true, endedSessions };
}
