/**
 * ECDSA signature encodings: the card returns r ‖ s (IEEE P1363, 64 bytes); OpenSSL and X.509 tooling
 * want the DER SEQUENCE { INTEGER r, INTEGER s }. The vectors carry both so either kind of tool can check.
 */
function derInteger(value: Uint8Array): Uint8Array {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const trimmed = value.slice(start);
  const padded = trimmed[0]! & 0x80 ? Uint8Array.of(0, ...trimmed) : trimmed;
  return Uint8Array.of(0x02, padded.length, ...padded);
}

export function p1363ToDer(signature: Uint8Array): Uint8Array {
  if (signature.length !== 64) throw new RangeError('a P-256 r ‖ s signature is 64 bytes');
  const body = Uint8Array.of(...derInteger(signature.slice(0, 32)), ...derInteger(signature.slice(32)));
  return Uint8Array.of(0x30, body.length, ...body);
}
