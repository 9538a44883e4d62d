import type { KeyObject } from 'node:crypto';
import { fromHex } from '../../shared/bytes.ts';
import { presenceChallengeInput, presenceMessage, type TapFacts } from '../../shared/card/challenge.ts';
import { isMicError } from '../../shared/errors.ts';
import { nodeSha256 } from '../../shared/log/sha256.node.ts';
import { readEventHeader } from '../../shared/events/event-jws.ts';
import { EventPayloadSchema, type EventPayload } from '../../shared/events/event-schema.ts';
import type { CardEvidenceInput } from '../../shared/verify/card-evidence.ts';
import { checkCredential } from '../../shared/verify/credential.ts';
import type { IssuerTrust } from '../../shared/verify/issuer-trust.ts';
import type { CredentialCache } from './credential-cache.ts';
import { jwsPayload } from './jws-payload.ts';
import { cardKeyOf, jwsSignatureValid, nodeCredentialSignature, presenceSignatureValid } from './node-signatures.ts';
import { withoutEvidence, type ClaimedFacts, type EventVerdict, type RefusalCode, type TapVerdict } from './verdicts.ts';

export interface VerifyDeps {
  /** the kiosk that sent the batch (bearer token): every event must be its own */
  kioskKid: string;
  kioskKey: KeyObject;
  trust: IssuerTrust;
  credentials: CredentialCache;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.length <= 200 ? value : null);

/** What the (unverified) payload claims, for the record of a refused event; never trusted for anything else. */
export function claimedFacts(jws: string): ClaimedFacts {
  try {
    const payload = jwsPayload(jws);
    if (typeof payload !== 'object' || payload === null) throw new TypeError('not an object');
    const { seq, id, type, at } = payload as Record<string, unknown>;
    return { seq: typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 1 ? seq : null, id: text(id), type: text(type), at: text(at) };
  } catch {
    return { seq: null, id: null, type: null, at: null };
  }
}

const refused = (code: RefusalCode, jws: string): EventVerdict => ({ kind: 'refused', code, claimed: claimedFacts(jws) });

/**
 * One tap, with shared/verify/card-evidence.ts's rules (verifyCardEvidence = verifyCredential, then the
 * presence signature over presenceChallenge / presenceMessage): the credential is verified by the shared
 * verifier the first time this thread sees it (issuer, signature, claims, expiry at the tap's time; the
 * issuer signature checked and the card key imported with node:crypto) and cached; the presence
 * signature is checked on every tap, over the challenge and message the shared code builds from the
 * event's facts, with node:crypto (see node-signatures.ts); the challenge's SHA-256 too, over the shared
 * presenceChallengeInput.
 */
async function verifyTap(evidence: CardEvidenceInput, facts: Omit<TapFacts, 'nonce'>, deps: VerifyDeps): Promise<TapVerdict> {
  try {
    const at = new Date(facts.at);
    let cached = deps.credentials.validAt(evidence.credential, at);
    if (!cached) {
      // Revocation needs the server's records and is judged in the batch transaction.
      const credential = await checkCredential(evidence.credential, deps.trust, { now: at }, nodeCredentialSignature);
      cached = { credential, cardKey: cardKeyOf(credential.claims.cnf.jwk) };
      deps.credentials.remember(cached);
    }
    const { claims } = cached.credential;
    const challenge = nodeSha256.digest(presenceChallengeInput({ ...facts, nonce: evidence.nonce }));
    const message = presenceMessage(fromHex(claims.csn), evidence.counter, challenge);
    if (!presenceSignatureValid(cached.cardKey, message, Buffer.from(evidence.sig, 'base64url'))) return { ok: false, code: 'ERR_PRESENCE_SIGNATURE_INVALID' };
    return { ok: true, csn: claims.csn, counter: evidence.counter, challenge: Buffer.from(challenge).toString('base64url'), sub: claims.sub, jti: claims.jti };
  } catch (error) {
    if (isMicError(error)) return { ok: false, code: error.code };
    throw error;
  }
}

function tapsOf(payload: EventPayload, deps: VerifyDeps): Promise<TapVerdict>[] {
  const facts = (subjectId: string) => ({ purpose: payload.type, kioskKid: payload.kiosk, subjectId, at: payload.at });
  switch (payload.type) {
    case 'checkin':
      return [verifyTap(payload.card, facts(payload.meeting), deps)];
    case 'transfer.accept':
      return [verifyTap(payload.card, facts(payload.transfer), deps), verifyTap(payload.secretary, facts(payload.transfer), deps)];
    default:
      return [];
  }
}

/**
 * The cryptographic half of ingest for one event, in the order DESIGN §4 sets and with the codes
 * shared/events/event-jws.ts verifyEvent gives: header allow-list (readEventHeader), the signer is the
 * authenticated kiosk, its EdDSA signature, the payload schema (and the payload names its signer),
 * then each card tap.
 */
export async function verifyReceivedEvent(jws: string, deps: VerifyDeps): Promise<EventVerdict> {
  let kid: string;
  try {
    ({ kid } = readEventHeader(jws));
  } catch {
    return refused('ERR_EVENT_MALFORMED', jws);
  }
  if (kid !== deps.kioskKid) return refused('ERR_EVENT_FOREIGN_KIOSK', jws);
  if (!jwsSignatureValid(jws, deps.kioskKey)) return refused('ERR_EVENT_SIGNATURE_INVALID', jws);
  let json: unknown;
  try {
    json = jwsPayload(jws);
  } catch {
    return refused('ERR_EVENT_SCHEMA', jws);
  }
  const parsed = EventPayloadSchema.safeParse(json);
  if (!parsed.success || parsed.data.kiosk !== kid) return refused('ERR_EVENT_SCHEMA', jws);
  const payload = parsed.data;
  return { kind: 'verified', payload: withoutEvidence(payload), taps: await Promise.all(tapsOf(payload, deps)) };
}
