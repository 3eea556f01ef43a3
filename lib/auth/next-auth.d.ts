// Our fields on the next-auth JWT.
import 'next-auth/jwt';

declare module 'next-auth/jwt' {
  interface JWT {
    accountId?: number;
    signedInAt?: number;
  }
}
