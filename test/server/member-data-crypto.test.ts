import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IdNumberCipher } from '../../server/crypto/id-number-cipher.ts';
import { hashPassword, verifyPassword } from '../../server/crypto/password-hash.ts';

describe('resident ID numbers at rest (AES-256-GCM)', () => {
  const cipher = new IdNumberCipher(randomBytes(32));

  it('round-trips, and the sealed bytes do not contain the number', () => {
    const sealed = cipher.encrypt('11010519491231002X', 'M001');
    expect(Buffer.from(sealed).includes(Buffer.from('11010519491231002X'))).toBe(false);
    expect(cipher.decrypt(sealed, 'M001')).toBe('11010519491231002X');
  });

  it('seals the same number differently each time (fresh nonce)', () => {
    expect(Buffer.from(cipher.encrypt('11010519491231002X', 'M001'))).not.toEqual(Buffer.from(cipher.encrypt('11010519491231002X', 'M001')));
  });

  it('refuses a ciphertext moved to another member', () => {
    const sealed = cipher.encrypt('11010519491231002X', 'M001');
    expect(() => cipher.decrypt(sealed, 'M002')).toThrow();
  });

  it('refuses a tampered ciphertext and a different key', () => {
    const sealed = cipher.encrypt('11010519491231002X', 'M001');
    const tampered = Uint8Array.from(sealed);
    tampered[15] = (tampered[15] ?? 0) ^ 1;
    expect(() => cipher.decrypt(tampered, 'M001')).toThrow();
    expect(() => new IdNumberCipher(randomBytes(32)).decrypt(sealed, 'M001')).toThrow();
  });
});

describe('password hashes (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
  });

  it('salts each hash, so equal passwords give different hashes', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('refuses a stored value that is not a scrypt hash', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });
});
