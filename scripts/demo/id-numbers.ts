import { gb11643CheckChar } from '../../server/crypto/gb11643.ts';

/** A valid resident ID number (GB 11643) for a made-up person born between 1940 and 2000. */
export function demoIdNumber(random: () => number): string {
  const region = '330102';
  const birth = new Date(Date.UTC(1940, 0, 1) + Math.floor(random() * 60 * 365.25) * 86_400_000);
  const date = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const sequence = String(Math.floor(random() * 1000)).padStart(3, '0');
  const first17 = `${region}${date}${sequence}`;
  return first17 + gb11643CheckChar(first17);
}
