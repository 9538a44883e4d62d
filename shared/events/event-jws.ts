import { CompactSign, compactVerify, decodeProtectedHeader, type CryptoKey } from 'jose';
import { toBase64url, utf8 } from '../bytes.ts';
import { isCompactJws } from '../compact-jws.ts';
import { MicError } from '../errors.ts';
import { EVENT_TYP, EventPayloadSchema, type EventPayload } from './event-schema.ts';

/** Bigger than any honest event (two credentials and change), small enough to bound a batch. */
export const MAX_EVENT_BYTES = 16_384;

export class EventError extends MicError {}

export async function signEvent(payload: EventPayload, privateKey: CryptoKey, kid: string): Promise<string> {
  const checked = EventPayloadSchema.parse(payload);
  return new CompactSign(utf8(JSON.stringify(checked))).setProtectedHeader({ alg: 'EdDSA', typ: EVENT_TYP, kid }).sign(privateKey);
}

/** `prev` of the next event: base64url(SHA-256(the previous event's JWS text)). */
export async function eventHash(jws: string): Promise<string> {
  return toBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(jws))));
}

/** The header fields ingest needs before it can look up the key: checked against the allow-list. */
export function readEventHeader(jws: string): { kid: string } {
  if (jws.length > MAX_EVENT_BYTES || !isCompactJws(jws)) {
    throw new EventError('ERR_EVENT_MALFORMED', 'the event is not a compact JWS of acceptable size');
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch (cause) {
    throw new EventError('ERR_EVENT_MALFORMED', 'the event header is not valid JSON', { cause });
  }
  if (header.alg !== 'EdDSA') throw new EventError('ERR_EVENT_MALFORMED', `event algorithm ${String(header.alg)} is not allowed`);
  if (header.typ !== EVENT_TYP) throw new EventError('ERR_EVENT_MALFORMED', `event type ${String(header.typ)} is not ${EVENT_TYP}`);
  if (typeof header.kid !== 'string' || header.kid.length === 0) throw new EventError('ERR_EVENT_MALFORMED', 'the event names no kiosk key');
  if (header.crit !== undefined) throw new EventError('ERR_EVENT_MALFORMED', 'critical header parameters are not supported');
  return { kid: header.kid };
}

/** Verifies the kiosk's EdDSA signature, then the payload schema; the payload's `kiosk` must be the signer. */
export async function verifyEvent(jws: string, kioskKey: CryptoKey): Promise<EventPayload> {
  const { kid } = readEventHeader(jws);
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, kioskKey, { algorithms: ['EdDSA'] }));
  } catch (cause) {
    throw new EventError('ERR_EVENT_SIGNATURE_INVALID', 'the kiosk signature on the event is not valid', { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payload));
  } catch (cause) {
    throw new EventError('ERR_EVENT_SCHEMA', 'the event payload is not JSON', { cause });
  }
  const parsed = EventPayloadSchema.safeParse(json);
  if (!parsed.success) {
    throw new EventError('ERR_EVENT_SCHEMA', 'the event payload does not match its schema', { details: { issues: parsed.error.issues } });
  }
  if (parsed.data.kiosk !== kid) throw new EventError('ERR_EVENT_SCHEMA', 'the event names another kiosk than its signer');
  return parsed.data;
}
