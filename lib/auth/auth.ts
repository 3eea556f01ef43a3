// The next-auth instance: Credentials sign-in (account name or phone + password) opening a server-side session.
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { appStore } from '@/db/store';
import { log } from '@/lib/log';
import { authConfig } from './auth.config';
import { authenticate } from './authenticate';
import { clientIp } from './client-ip';
import { signInSchema } from './schemas';
import { createSession, endSession } from './sessions';

export class ThrottledSignIn extends CredentialsSignin {
  code = 'throttled';
  constructor(readonly retryAfterMinutes: number) {
    super();
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { login: { label: '账号或手机号' }, password: { label: '密码', type: 'password' } },
      async authorize(credentials, request) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const store = appStore();
        const ip = clientIp(request.headers);
        const result = await authenticate(store, parsed.data, ip);
        if (!result.ok) {
          if (result.reason === 'throttled') throw new ThrottledSignIn(result.retryAfterMinutes);
          return null;
        }
        const sessionId = await createSession(store, result.account.id, { ip, userAgent: request.headers.get('user-agent') });
        return { id: String(result.account.id), name: result.account.displayName, sessionId };
      },
    }),
  ],
  // next-auth's own messages as our JSON log lines; a refused password is routine, not an error.
  logger: {
    error(error) {
      if ((error as { type?: string }).type === 'CredentialsSignin') log.info('sign-in refused');
      else log.error('auth error', error);
    },
    warn(code) {
      log.warn(`auth warning: ${code}`);
    },
    debug() {},
  },
  events: {
    // Signing out ends the session on the server: a copy of the cookie is worthless afterwards.
    async signOut(message) {
      const sessionId = 'token' in message ? message.token?.sessionId : undefined;
      if (sessionId) await endSession(appStore(), sessionId);
    },
  },
});
