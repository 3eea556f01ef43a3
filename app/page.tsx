import { redirect } from 'next/navigation';
import { signedInLanding } from '@/lib/auth/current-user';
import { ROLE_HOME } from '@/lib/auth/roles';

/** The front door: each role goes to its own home, everyone else to the sign-in page. */
export default async function Home() {
  redirect((await signedInLanding((user) => ROLE_HOME[user.role])) ?? '/login');
}
