// A signed-in user changes their own password; every other browser signed in to the account is signed out.
import { eq } from 'drizzle-orm';
import type { Store } from '@/db/store';
import { accounts } from '@/db/tables';
import { writeAudit } from '@/lib/audit/log';
import { hashPassword, verifyPassword } from './password';
import { attemptKeys, minutesToWait, reserveAttempt, settleAttempt, throttledMessage } from './rate-limit';
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
  store: Store,
  user: { id: number; sessionId: string },
  input: ChangePasswordInput,
  ip: string | null,
  now = new Date(),
): Promise<ChangePasswordResult> {
  const keys = attemptKeys({ accountId: user.id }, ip);
  const reservation = await reserveAttempt(store, keys, now);
  if (!reservation.ok) return { ok: false, message: throttledMessage(minutesToWait(reservation.until, now)) };
  const [account] = await store.db
    .select({ passwordHash: accounts.passwordHash, mustChangePassword: accounts.mustChangePassword })
    .from(accounts)
    .where(eq(accounts.id, user.id))
    .limit(1);
  const currentOk = account ? await verifyPassword(input.current, account.passwordHash) : false;
  await settleAttempt(store, reservation, currentOk);
  if (!currentOk) return { ok: false, message: '当前密码不正确。', fieldErrors: { current: ['当前密码不正确'] } };

  const passwordHash = hashPassword(input.next);
  const endedSessions = await store.write(async (tx) => {
    // Choosing one's own password is what a one-time password asks for: it is spent now.
    await tx.update(accounts).set({ passwordHash, mustChangePassword: false }).where(eq(accounts.id, user.id));
    // As lib/registry/audit.ts's recordChange writes it: the fields that changed as [before, after], and the note.
    const detail = account!.mustChangePassword ? { mustChangePassword: [true, false], note: '本人修改密码' } : { note: '本人修改密码' };
    await writeAudit(tx, { accountId: user.id, action: 'change_own_password', subject: `account:${user.id}`, detail: JSON.stringify(detail) }, now);
    return endAccountSessions(tx, user.id, user.sessionId);
  });
  return { ok: true, endedSessions };
}
