// Password hashing: bcrypt, pure JavaScript so installs need no native build step.
import bcrypt from 'bcryptjs';
import { passwordCost } from '@/db/password-cost';

export function hashPassword(plain: string): string {
  return bcrypt.hashSync(plain, passwordCost());
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

/** A hash of nothing anyone types, at the default cost (10). */
const DUMMY_HASH_COST_10 = '$2b$10$ZNdQ.D24v4z7gDUAMHxG4uPNXdM536dkPoPoRlX9hM8DC5emE/CCi';
let dummy: string | undefined;

/**
 * Compared against when the account does not exist, so an unknown name costs the same time as a wrong password and
 * response timing does not reveal which accounts exist: a hash at the cost new hashes get.
 */
export function dummyHash(): string {
  dummy ??= passwordCost() === 10 ? DUMMY_HASH_COST_10 : bcrypt.hashSync(`no-such-account-${Math.random()}`, passwordCost());
  return dummy;
}
