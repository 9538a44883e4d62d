import { concat, toBase64url, uint32be, utf8 } from '../bytes.ts';
import { CSN_LENGTH, PRESENCE_DOMAIN } from './constants.ts';
import { MicError } from '../errors.ts';

/**
 * The facts a tap is bound to (DESIGN §3). `purpose` is the event type, `subjectId` the meeting or
 * transfer id, `at` the event's time string exactly as sent, `nonce` base64url of 16 random bytes.
 */
export interface TapFacts {
  purpose: string;
  kioskKid: string;
  subjectId: string;
  at: string;
  nonce: string;
}

const FIELDS = ['purpose', 'kioskKid', 'subjectId', 'at', 'nonce'] as const;

/** UTF-8("MIC-TAP-1\n" + purpose + "\n" + kioskKid + "\n" + subjectId + "\n" + at + "\n" + nonce): what the challenge hashes. */
export function presenceChallengeInput(facts: TapFacts): Uint8Array<ArrayBuffer> {
  for (const field of FIELDS) {
    // A newline inside a field would let two different fact sets hash to the same challenge.
    if (facts[field].includes('\n') || facts[field].length === 0) {
      throw new MicError('ERR_PRESENCE_MALFORMED', `tap fact "${field}" must be non-empty and hold no newline`);
    }
  }
  return utf8(['MIC-TAP-1', ...FIELDS.map((field) => facts[field])].join('\n'));
}

/**
 * SHA-256 of presenceChallengeInput. A server verifying thousands of taps a second hashes the same
 * input with a synchronous SHA-256 instead (a WebCrypto digest is a trip through a thread pool).
 */
export async function presenceChallenge(facts: TapFacts): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', presenceChallengeInput(facts)));
}

/** The 48 bytes the card signs: "MIC1" ‖ csn (8) ‖ counter (4, big-endian) ‖ challenge (32). */
export function presenceMessage(csn: Uint8Array, counter: number, challenge: Uint8Array): Uint8Array<ArrayBuffer> {
  if (csn.length !== CSN_LENGTH || challenge.length !== 32) {
    throw new MicError('ERR_PRESENCE_MALFORMED', 'a presence message needs an 8-byte serial and a 32-byte challenge');
  }
  return concat(PRESENCE_DOMAIN, csn, uint32be(counter), challenge);
}

export const newNonce = (): string => toBase64url(crypto.getRandomValues(new Uint8Array(16)));
