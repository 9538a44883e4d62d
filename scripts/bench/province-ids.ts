/** Identifiers for generated rows, drawn from the seeded generator so a data set is the same every time. */
const HEX = Array.from({ length: 256 }, (_, n) => n.toString(16).padStart(2, '0'));

/** 32 random bits from a [0, 1) generator. */
const word = (random: () => number): number => Math.floor(random() * 4294967296);

const hex32 = (n: number): string => HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;

/** A UUIDv7 for time `ms` (as the server and kiosks make them), so rows written in time order are also in id order. */
export function uuid7(ms: number, random: () => number): string {
  const high = Math.floor(ms / 65536);
  const low = ms % 65536;
  const a = word(random);
  const b = word(random);
  const c = word(random);
  const time = hex32(high) + HEX[low >>> 8]! + HEX[low & 255]!;
  const variant = (0x8000 | (a & 0x3fff)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex32(a).slice(5, 8)}-${variant}-${hex32(b)}${hex32(c).slice(0, 4)}`;
}

/** `length` random bytes. */
export function bytesFrom(random: () => number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i += 4) {
    const w = word(random);
    for (let k = 0; k < 4 && i + k < length; k++) bytes[i + k] = (w >>> (8 * k)) & 255;
  }
  return bytes;
}

/** base64url of `length` random bytes (an idh is 32 bytes: 43 characters; a kiosk kid the same). */
export const base64urlFrom = (random: () => number, length: number): string => bytesFrom(random, length).toString('base64url');

/** A card serial: 16 lower-case hex digits; generation 0 is a member's current card, 1 an older one. */
export const cardSerial = (memberId: number, generation: number): string => `4d4943${HEX[generation]!}${hex32(memberId)}`;

export const memberNumber = (memberId: number): string => `M${String(memberId).padStart(8, '0')}`;
