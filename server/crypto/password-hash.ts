import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { passwordHashSlots } from './password-hash-slots.ts';

/**
 * Password hashes: scrypt with a per-user 16-byte salt, stored as `scrypt$N$r$p$salt$hash` (base64url)
 * so the cost can be raised later without invalidating existing hashes. N=2^15, r=8, p=3 is one of
 * OWASP's recommended scrypt settings.
 */
const COST = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return passwordHashSlots.run(
    () =>
      new Promise((resolve, reject) => {
        scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
      }),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (!N || !r || !p) return false;
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  const actual = await derive(password, Buffer.from(parts[4] ?? '', 'base64url'), { N, r, p });
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * A hash of a password nobody knows, checked when the username does not exist so that a login for an
 * unknown user takes as long as one with a wrong password.
 */
let decoy: Promise<string> | undefined;
export const decoyPasswordHash = (): Promise<string> =>
  (decoy ??= hashPassword(randomBytes(18).toString('base64url')).catch((error: unknown) => {
    // Refused while the server is busy (password-hash-slots.ts): the next sign-in makes it, rather than failing for good.
    decoy = undefined;
    throw error;
  }));
