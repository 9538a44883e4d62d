/**
 * Offline verification of an auditor's bundle (GET /api/v1/members/:number/bundle, /orgs/:code/bundle),
 * with the project's shared verification code only: nothing here trusts the server that made the bundle.
 * For every event: the kiosk's EdDSA signature (shared/events), each card's credential chain against the
 * bundled issuer keys and its presence signature over the challenge rebuilt from the event, both at the
 * event's time (shared/verify), and the event's inclusion in the log under the bundled checkpoint, whose
 * signature is checked with the bundled verifier key (shared/log). The manifest — what the server says the
 * events show — is held against the signed payloads. Every check runs even after another failed, so the
 * report names everything that is wrong.
 */
import { importJWK, type CryptoKey } from 'jose';
import { fromBase64url, utf8 } from '../../shared/bytes.ts';
import { isMicError } from '../../shared/errors.ts';
import { readEventHeader, verifyEvent } from '../../shared/events/event-jws.ts';
import { EventPayloadSchema, type EventPayload } from '../../shared/events/event-schema.ts';
import { fromBase64Strict } from '../../shared/log/base64.ts';
import type { Checkpoint } from '../../shared/log/checkpoint.ts';
import { ProofError } from '../../shared/log/errors.ts';
import { parseVerifierKey, type NoteVerifier } from '../../shared/log/note-verifier.ts';
import { nodeSha256 } from '../../shared/log/sha256.node.ts';
import { openCheckpoint } from '../../shared/log/signed-checkpoint.ts';
import { rfc6962Hasher } from '../../shared/log/tree-hasher.ts';
import { verifyInclusion } from '../../shared/log/verify-inclusion.ts';
import { verifyCardEvidence, type CardEvidenceInput } from '../../shared/verify/card-evidence.ts';
import { IssuerTrust } from '../../shared/verify/issuer-trust.ts';
import { BundleSchema, type Bundle, type ManifestEntry } from '../../server/schemas/bundles.ts';

/** The checks, by the names the report prints. */
export const CHECKS = {
  bundle: 'bundle format',
  verifierKey: 'log verifier key',
  checkpoint: 'checkpoint signature',
  manifest: 'manifest',
  kioskKey: 'kiosk key',
  kioskSignature: 'kiosk signature',
  payload: 'event payload',
  memberCredential: 'member card credential',
  memberPresence: 'member card presence signature',
  memberIdentity: 'member card holder',
  secretaryCredential: 'secretary card credential',
  secretaryPresence: 'secretary card presence signature',
  inclusion: 'log inclusion',
} as const;
export type Check = (typeof CHECKS)[keyof typeof CHECKS];

export interface Finding {
  check: Check;
  ok: boolean;
  /** a stable code (shared/errors.ts) or proof failure reason, for failures */
  code?: string;
  detail: string;
}

export interface EventReport {
  position: number;
  logIndex: number | null;
  eventId: string | null;
  type: string | null;
  at: string | null;
  findings: Finding[];
}

export interface BundleReport {
  subject: string | null;
  verifierKey: string | null;
  checkpoint: Checkpoint | null;
  global: Finding[];
  events: EventReport[];
  ok: boolean;
}

const hasher = rfc6962Hasher(nodeSha256);
const pass = (check: Check, detail: string): Finding => ({ check, ok: true, detail });
const fail = (check: Check, code: string | undefined, detail: string): Finding => ({ check, ok: false, ...(code ? { code } : {}), detail });

function failure(check: Check, error: unknown): Finding {
  if (error instanceof ProofError) return fail(check, error.reason, error.message);
  if (isMicError(error)) return fail(check, error.code, error.message);
  return fail(check, undefined, error instanceof Error ? error.message : String(error));
}

/** The payload as written, without trusting it: the card checks still run when the kiosk signature fails. */
function readPayload(jws: string): EventPayload | undefined {
  try {
    const parsed = EventPayloadSchema.safeParse(JSON.parse(new TextDecoder().decode(fromBase64url(jws.split('.')[1] ?? ''))));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function checkCard(
  role: 'member' | 'secretary',
  evidence: CardEvidenceInput,
  payload: EventPayload,
  subjectId: string,
  trust: IssuerTrust,
): Promise<{ findings: Finding[]; sub: string | null }> {
  const [credentialCheck, presenceCheck] = role === 'member' ? [CHECKS.memberCredential, CHECKS.memberPresence] : [CHECKS.secretaryCredential, CHECKS.secretaryPresence];
  try {
    // The card is judged at the time of the tap: a credential that expired later was valid then.
    const tap = await verifyCardEvidence(evidence, { purpose: payload.type, kioskKid: payload.kiosk, subjectId, at: payload.at }, trust, { now: new Date(payload.at) });
    const { claims } = tap.credential;
    return {
      findings: [pass(credentialCheck, `card ${claims.csn} of ${claims.sub}, issued by ${claims.iss}`), pass(presenceCheck, `counter ${tap.counter}`)],
      sub: claims.sub,
    };
  } catch (error) {
    const code = isMicError(error) ? error.code : undefined;
    // Credential problems stop verifyCardEvidence before the presence check; a presence failure means the credential held.
    if (code?.startsWith('ERR_PRESENCE')) return { findings: [pass(credentialCheck, 'issuer signature and validity'), failure(presenceCheck, error)], sub: null };
    return { findings: [failure(credentialCheck, error)], sub: null };
  }
}

const MANIFEST_FIELDS = ['eventId', 'kiosk', 'type', 'member', 'org', 'at', 'meeting', 'transfer'] as const;

function manifestFinding(entry: ManifestEntry | undefined, payload: EventPayload | undefined, logIndex: number): Finding {
  if (!entry) return fail(CHECKS.manifest, 'missing', 'the manifest has no entry for this event');
  if (!payload) return fail(CHECKS.manifest, 'unreadable', 'the event payload cannot be read to compare');
  const signed: Record<(typeof MANIFEST_FIELDS)[number], string | null> = {
    eventId: payload.id,
    kiosk: payload.kiosk,
    type: payload.type,
    member: 'member' in payload ? payload.member : null,
    org: payload.org,
    at: payload.at,
    meeting: payload.type === 'checkin' ? payload.meeting : null,
    transfer: payload.type === 'transfer.accept' ? payload.transfer : null,
  };
  const differing: string[] = MANIFEST_FIELDS.filter((field) => entry[field] !== signed[field]);
  if (entry.logIndex !== logIndex) differing.push('logIndex');
  return differing.length === 0
    ? pass(CHECKS.manifest, 'matches the signed event')
    : fail(CHECKS.manifest, 'mismatch', `the manifest says something else than the signed event about: ${differing.join(', ')}`);
}

interface Trust {
  issuers: IssuerTrust;
  kioskKey(kid: string): Promise<CryptoKey>;
  checkpoint: Checkpoint | null;
}

async function verifyOne(bundle: Bundle, position: number, trust: Trust): Promise<EventReport> {
  const event = bundle.events[position]!;
  const findings: Finding[] = [];
  let payload: EventPayload | undefined;
  let kid: string | undefined;
  try {
    kid = readEventHeader(event.jws).kid;
  } catch (error) {
    findings.push(failure(CHECKS.kioskSignature, error));
  }
  const kiosk = kid === undefined ? undefined : bundle.kiosks[kid];
  if (kid !== undefined && !kiosk) findings.push(fail(CHECKS.kioskKey, 'unknown-kiosk', `the bundle holds no key for kiosk ${kid}`));
  if (kid !== undefined && kiosk) {
    try {
      payload = await verifyEvent(event.jws, await trust.kioskKey(kid));
      findings.push(pass(CHECKS.kioskSignature, `signed by kiosk ${kid}`));
    } catch (error) {
      const finding = failure(CHECKS.kioskSignature, error);
      findings.push(finding.code === 'ERR_EVENT_SIGNATURE_INVALID' ? { ...finding, detail: `${finding.detail}: the payload or the signature was altered` } : finding);
    }
  }
  payload ??= readPayload(event.jws);
  if (!payload) findings.push(fail(CHECKS.payload, 'ERR_EVENT_SCHEMA', 'the payload is not a readable event'));
  if (payload && kiosk) {
    findings.push(
      payload.org === kiosk.org
        ? pass(CHECKS.kioskKey, `kiosk enrolled to ${kiosk.org}`)
        : fail(CHECKS.kioskKey, 'org-mismatch', `the event names organisation ${payload.org}, the kiosk was enrolled to ${kiosk.org}`),
    );
  }
  if (payload?.type === 'checkin' || payload?.type === 'transfer.accept') {
    const subjectId = payload.type === 'checkin' ? payload.meeting : payload.transfer;
    const member = await checkCard('member', payload.card, payload, subjectId, trust.issuers);
    findings.push(...member.findings);
    if (member.sub !== null) {
      findings.push(
        member.sub === payload.member ? pass(CHECKS.memberIdentity, payload.member) : fail(CHECKS.memberIdentity, 'ERR_EVENT_MEMBER_MISMATCH', `the card is ${member.sub}'s, the event names ${payload.member}`),
      );
    }
    if (payload.type === 'transfer.accept') findings.push(...(await checkCard('secretary', payload.secretary, payload, subjectId, trust.issuers)).findings);
  } else if (payload) {
    findings.push(fail(CHECKS.payload, 'unexpected-type', `a ${payload.type} event is not evidence of attendance or a transfer`));
  }
  if (trust.checkpoint) {
    try {
      const proof = event.inclusionProof.map((hash) => fromBase64Strict(hash) ?? new Uint8Array());
      verifyInclusion(hasher, hasher.hashLeaf(utf8(event.jws)), event.logIndex, trust.checkpoint.size, proof, trust.checkpoint.rootHash);
      findings.push(pass(CHECKS.inclusion, `leaf ${event.logIndex} of ${trust.checkpoint.size}`));
    } catch (error) {
      findings.push(failure(CHECKS.inclusion, error));
    }
  } else {
    findings.push(fail(CHECKS.inclusion, 'no-checkpoint', 'not provable: the bundled checkpoint did not verify'));
  }
  findings.push(manifestFinding(bundle.manifest.entries[position], payload, event.logIndex));
  return { position, logIndex: event.logIndex, eventId: payload?.id ?? null, type: payload?.type ?? null, at: payload?.at ?? null, findings };
}

/** The bundled checkpoint, opened with the bundled verifier key; null if either fails. */
async function openTrust(bundle: Bundle, global: Finding[]): Promise<Checkpoint | null> {
  let verifier: NoteVerifier;
  try {
    verifier = await parseVerifierKey(bundle.logVerifierKey);
    global.push(pass(CHECKS.verifierKey, `${verifier.keyName} — compare it with the key the log operator publishes, out of band`));
  } catch (error) {
    global.push(failure(CHECKS.verifierKey, error));
    return null;
  }
  try {
    const { checkpoint } = await openCheckpoint(bundle.checkpoint, { origin: verifier.keyName, verifiers: [verifier] });
    global.push(pass(CHECKS.checkpoint, `${checkpoint.origin}, tree size ${checkpoint.size}`));
    return checkpoint;
  } catch (error) {
    global.push(failure(CHECKS.checkpoint, error));
    return null;
  }
}

const notABundle = (detail: string): BundleReport => ({
  subject: null,
  verifierKey: null,
  checkpoint: null,
  global: [fail(CHECKS.bundle, 'ERR_BUNDLE_MALFORMED', detail)],
  events: [],
  ok: false,
});

/** The days the bundle covers, and whose days they are: "2026-03-01 to 2026-03-31 (days in Asia/Shanghai)". */
function windowText(window: Bundle['window']): string {
  const days = window.from === null && window.to === null ? 'every day' : `${window.from ?? 'the beginning'} to ${window.to ?? 'today'}`;
  return `${days} (days in ${window.timeZone ?? 'UTC'})`;
}

/** Verifies the text of a bundle file; never throws for anything in it. */
export async function verifyBundle(text: string): Promise<BundleReport> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return notABundle(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = BundleSchema.safeParse(document);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`);
    return notABundle(`not a member-card bundle: ${issues.join('; ')}`);
  }
  const bundle = parsed.data;
  const global: Finding[] = [];
  const checkpoint = await openTrust(bundle, global);
  if (bundle.manifest.entries.length !== bundle.events.length) {
    global.push(fail(CHECKS.manifest, 'count-mismatch', `the manifest lists ${bundle.manifest.entries.length} events, the bundle holds ${bundle.events.length}`));
  }
  const kioskKeys = new Map<string, Promise<CryptoKey>>();
  const trust: Trust = {
    issuers: new IssuerTrust(bundle.issuers),
    // Imported when an event needs it, so a key that will not import fails that event's check, not the run.
    kioskKey(kid) {
      let key = kioskKeys.get(kid);
      if (!key) {
        key = importJWK(bundle.kiosks[kid]!.jwk, 'EdDSA') as Promise<CryptoKey>;
        kioskKeys.set(kid, key);
      }
      return key;
    },
    checkpoint,
  };
  const events: EventReport[] = [];
  for (let position = 0; position < bundle.events.length; position += 1) events.push(await verifyOne(bundle, position, trust));
  const who = bundle.subject.kind === 'member' ? `member ${bundle.subject.member} (${bundle.subject.name})` : `organisation ${bundle.subject.org} (${bundle.subject.name})`;
  const subject = `${who}, ${windowText(bundle.window)}`;
  const ok = global.every((finding) => finding.ok) && events.every((event) => event.findings.every((finding) => finding.ok));
  return { subject, verifierKey: bundle.logVerifierKey, checkpoint, global, events, ok };
}
