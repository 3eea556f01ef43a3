// Our fields on next-auth's user, session and JWT.
import 'next-auth';
import 'next-auth/jwt';

declare module 'next-auth' {
  interface User {
    /** The server-side session created at sign-in (lib/auth/sessions.ts). */
    sessionId?: string;
  }
  interface Session {
    sessionId?: string;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    accountId?: number;
    signedInAt?: number;
    sessionId?: string;
  }
}
