/**
 * Which verification thread an event goes to: every event of one card to the same thread, so each card's
 * credential is verified and cached by one thread only (a first sighting costs an ES256 check and a
 * key import, several times an event's own checks). The payload is read here only to route; the thread
 * verifies everything. Events without a card, or unreadable ones, get undefined and go anywhere.
 */
export function cardAffinity(jws: string, threads: number): number | undefined {
  let credential: unknown;
  try {
    const payload = JSON.parse(Buffer.from(jws.slice(jws.indexOf('.') + 1, jws.lastIndexOf('.')), 'base64url').toString('utf8')) as { card?: { credential?: unknown } };
    credential = payload.card?.credential;
  } catch {
    return undefined;
  }
  if (typeof credential !== 'string') return undefined;
  // FNV-1a over the credential's signature (its last characters): stable per card, spread evenly.
  let hash = 0x811c9dc5;
  for (let i = Math.max(0, credential.length - 32); i < credential.length; i++) hash = Math.imul(hash ^ credential.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % threads;
}
