// next-auth settings shared by the route handler and server code: JWT cookies naming a server-side session.
import type { NextAuthConfig } from 'next-auth';

/** Idle sessions end after 8 hours; any session ends 12 hours after sign-in. */
export const SESSION_IDLE_SECONDS = 8 * 60 * 60;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;

export const authConfig = {
  pages: { signIn: '/login', error: '/login' },
  session: { strategy: 'jwt', maxAge: SESSION_IDLE_SECONDS, updateAge: 15 * 60 },
  trustHost: true,
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) {
        token.accountId = Number(user.id);
        token.signedInAt = Date.now();
        token.sessionId = user.sessionId;
      }
      if (typeof token.signedInAt !== 'number' || Date.now() - token.signedInAt > SESSION_ABSOLUTE_MS) return null;
      return token;
    },
    session({ session, token }) {
      if (typeof token.accountId === 'number') session.user.id = String(token.accountId);
      // Not a credential on its own (the cookie is signed and encrypted); current-user.ts checks it.
      session.sessionId = token.sessionId;
      return session;
    },
  },
} satisfies NextAuthConfig;
