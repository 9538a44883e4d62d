/**
 * Standard, padded base64 (RFC 4648 §4) as signed notes and checkpoints use it. Decoding is strict:
 * only the canonical encoding of some bytes is accepted, so a note cannot be re-encoded into a
 * different text that still verifies (shared/bytes.ts has only the unpadded url-safe alphabet).
 */
const CANONICAL_SHAPE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The bytes `text` encodes, or undefined if it is not canonical padded standard base64. */
export function fromBase64Strict(text: string): Uint8Array | undefined {
  if (!CANONICAL_SHAPE.test(text)) return undefined;
  const bytes = Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  // Non-zero bits in the last character's unused positions decode too; re-encoding exposes them.
  return toBase64(bytes) === text ? bytes : undefined;
}
