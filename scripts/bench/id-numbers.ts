import { gb11643CheckChar } from '../../server/crypto/gb11643.ts';

/** A valid resident ID number (GB 11643, area 330102, born 1950 + n days), different for every n below 20 million. */
export function benchIdNumber(n: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 20_000) * 86_400_000);
  const first17 = `330102${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(Math.floor(n / 20_000) % 1000).padStart(3, '0')}`;
  return first17 + gb11643CheckChar(first17);
}
