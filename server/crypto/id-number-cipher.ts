import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Resident ID numbers at rest: AES-256-GCM, a fresh 96-bit nonce per value, stored as
 * version (1 byte) ‖ nonce (12) ‖ ciphertext ‖ tag (16). The member number is the associated data,
 * so a ciphertext copied onto another member's row fails to decrypt instead of naming the wrong person.
 */
const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class IdNumberCipher {
  private readonly key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new RangeError('the member-data key must be 32 bytes');
    this.key = Buffer.from(key);
  }

  encrypt(idNumber: string, memberNumber: string): Uint8Array {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(associatedData(memberNumber));
    const body = Buffer.concat([cipher.update(idNumber, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), nonce, body, cipher.getAuthTag()]);
  }

  decrypt(sealed: Uint8Array, memberNumber: string): string {
    const bytes = Buffer.from(sealed);
    if (bytes.length < 1 + NONCE_BYTES + TAG_BYTES || bytes[0] !== VERSION) throw new Error('not a sealed ID number');
    const nonce = bytes.subarray(1, 1 + NONCE_BYTES);
    const tag = bytes.subarray(bytes.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonce);
    decipher.setAAD(associatedData(memberNumber));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(bytes.subarray(1 + NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

const associatedData = (memberNumber: string): Buffer => Buffer.from(`mic-id-number\n${memberNumber}`, 'utf8');
