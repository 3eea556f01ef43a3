// The next-auth instance: Credentials sign-in (account name or phone + password).
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db/client';
import { authConfig } from './auth.config';
import { authenticate } from './authenticate';
import { clientIp } from './client-ip';
import { signInSchema } from './schemas';

export class ThrottledSignIn extends CredentialsSignin {
  code = 'throttled';
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { login: { label: '账号或手机号' }, password: { label: '密码', type: 'password' } },
      async authorize(credentials, request) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const result = await authenticate(getDb(), parsed.data, clientIp(request.headers));
        if (!result.ok) {
          if (result.reason === 'throttled') throw new ThrottledSignIn();
          return null;
        }
        return { id: String(result.account.id), name: result.account.displayName };
      },
    }),
  ],
});
