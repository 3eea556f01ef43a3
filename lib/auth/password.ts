// Password hashing: bcrypt, pure JavaScript so installs need no native build step.
import bcrypt from 'bcryptjs';

const COST = 10;

export function hashPassword(plain: string): string {
  return bcrypt.hashSync(plain, COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

/**
 * Compared against when the account does not exist, so an unknown name costs the same time
 * as a wrong password and response timing does not reveal which accounts exist.
 */
export const DUMMY_HASH = '$2b$10$ZNdQ.D24v4z7gDUAMHxG4uPNXdM536dkPoPoRlX9hM8DC5emE/CCi';
