/**
 * Which verification thread an event goes to: every event of one card to the same thread, so each card's
 * credential is verified and cached by one thread only (a first sighting costs an ES256 check and a
 * key import, several times an event's own checks). The payload is only looked into here, not parsed
 * or trusted: a wrong guess costs a cache miss, never a wrong verdict, because the thread verifies
 * everything. Events without a card, or unreadable ones, get undefined and go anywhere.
 */
const CREDENTIAL = '"credential":"';

export function cardAffinity(jws: string, threads: number): number | undefined {
  const payload = Buffer.from(jws.slice(jws.indexOf('.') + 1, jws.lastIndexOf('.')), 'base64url').toString('latin1');
  const start = payload.indexOf(CREDENTIAL);
  if (start < 0) return undefined;
  const end = payload.indexOf('"', start + CREDENTIAL.length);
  if (end < 0) return undefined;
  // FNV-1a over the credential's last characters (its signature): stable per card, spread evenly.
  let hash = 0x811c9dc5;
  for (let i = Math.max(start + CREDENTIAL.length, end - 32); i < end; i++) hash = Math.imul(hash ^ payload.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % threads;
}
