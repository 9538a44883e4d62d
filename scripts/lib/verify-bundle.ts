/**
 * Offline verification of an auditor's bundle (GET /api/v1/members/:number/bundle, /orgs/:code/bundle),
 * with the project's shared verification code only: nothing here trusts the server that made the bundle.
 * For every event: the kiosk's EdDSA signature under the key its kid names (shared/events), each card's
 * credential chain against the issuer keys and its presence signature over the challenge rebuilt from the
 * event, both at the event's time (shared/verify), the card against the server's signed revocation list at
 * that time, and the event's inclusion in the log under the bundled checkpoint (shared/log). The keys are
 * the auditor's own when given (bundle-anchors.ts). The bundle's claims — its subject, its days, each event
 * once (bundle-claims.ts), and the manifest of what the server says the events show — are held against the
 * signed payloads. Every check runs even after another failed, so the report names everything that is wrong.
 */
import { fromBase64url, utf8 } from '../../shared/bytes.ts';
import { isMicError } from '../../shared/errors.ts';
import { readEventHeader, verifyEvent } from '../../shared/events/event-jws.ts';
import { EventPayloadSchema, type EventPayload } from '../../shared/events/event-schema.ts';
import { fromBase64Strict } from '../../shared/log/base64.ts';
import type { Checkpoint } from '../../shared/log/checkpoint.ts';
import { nodeSha256 } from '../../shared/log/sha256.node.ts';
import { rfc6962Hasher } from '../../shared/log/tree-hasher.ts';
import { verifyInclusion } from '../../shared/log/verify-inclusion.ts';
import { verifyCardEvidence, type CardEvidenceInput } from '../../shared/verify/card-evidence.ts';
import type { IssuerTrust } from '../../shared/verify/issuer-trust.ts';
import type { IssuerJwks } from '../../shared/verify/jwk.ts';
import type { RevocationSet } from '../../shared/verify/revocation.ts';
import { BundleSchema, type Bundle, type ManifestEntry } from '../../server/schemas/bundles.ts';
import { kioskKeys, openIssuers, openLog, openRevocations, type KeySource, type KioskKey } from './bundle-anchors.ts';
import { BundleWindow, OnceCheck, subjectFinding, type EvidenceEvent } from './bundle-claims.ts';
import { CHECKS, fail, failure, pass, type Check, type Finding } from './bundle-findings.ts';
import type { ManifestField, OnceMark, Words } from './verify-messages/messages.ts';

export { CHECKS, type Check, type Finding } from './bundle-findings.ts';

/** Keys the auditor holds from elsewhere; each one given replaces the bundle's. */
export interface BundleTrust {
  /** the log's note verifier key (--key, --key-file, or the one the auditor's monitor pinned) */
  logKey?: string;
  /** the issuer keys (--issuer) */
  issuers?: IssuerJwks;
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
  subject: Words | null;
  verifierKey: string | null;
  checkpoint: Checkpoint | null;
  /** where the log key and the issuer keys came from, and the issuer keys credentials were checked against */
  keys: { log: KeySource; issuers: KeySource; issuerKeys: { iss: string; kid: string }[] };
  global: Finding[];
  events: EventReport[];
  ok: boolean;
}

const hasher = rfc6962Hasher(nodeSha256);

/** The payload as written, without trusting it: the card checks still run when the kiosk signature fails. */
function readPayload(jws: string): EventPayload | undefined {
  try {
    const parsed = EventPayloadSchema.safeParse(JSON.parse(new TextDecoder().decode(fromBase64url(jws.split('.')[1] ?? ''))));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A card that passed: who it is, and its tap, which only one event may carry. */
interface CheckedTap {
  sub: string;
  mark: OnceMark;
}

async function checkCard(
  role: 'member' | 'secretary',
  evidence: CardEvidenceInput,
  payload: EvidenceEvent,
  subjectId: string,
  trust: Trust,
): Promise<{ findings: Finding[]; tap: CheckedTap | null }> {
  const [credentialCheck, presenceCheck, revocationCheck] =
    role === 'member' ? [CHECKS.memberCredential, CHECKS.memberPresence, CHECKS.memberRevocation] : [CHECKS.secretaryCredential, CHECKS.secretaryPresence, CHECKS.secretaryRevocation];
  const at = new Date(payload.at);
  try {
    // The card is judged at the time of the tap: a credential that expired later was valid then.
    const tap = await verifyCardEvidence(evidence, { purpose: payload.type, kioskKid: payload.kiosk, subjectId, at: payload.at }, trust.issuers, { now: at });
    const { claims } = tap.credential;
    const findings = [pass(credentialCheck, (m) => m.findings.card(claims.csn, claims.sub, claims.iss)), pass(presenceCheck, (m) => m.findings.counter(tap.counter))];
    if (trust.revocations) findings.push(revocationFinding(revocationCheck, trust.revocations, claims.csn, at));
    return { findings, tap: { sub: claims.sub, mark: { kind: 'card-tap', csn: claims.csn, counter: tap.counter } } };
  } catch (error) {
    const code = isMicError(error) ? error.code : undefined;
    // Credential problems stop verifyCardEvidence before the presence check; a presence failure means the credential held.
    if (code?.startsWith('ERR_PRESENCE')) return { findings: [pass(credentialCheck, (m) => m.findings.credentialHeld), failure(presenceCheck, error)], tap: null };
    return { findings: [failure(credentialCheck, error)], tap: null };
  }
}

/** As the server judges a tap: a card taken out of use at or before the tap's time; one taken out later was good then. */
function revocationFinding(check: Check, revocations: RevocationSet, csn: string, at: Date): Finding {
  const revoked = revocations.revokedAt(csn, at);
  if (revoked) return fail(check, 'ERR_CARD_REVOKED', (m) => m.findings.revokedBefore(csn, revoked.reason, revoked.at));
  const later = revocations.lookup(csn);
  return pass(check, (m) => (later ? m.findings.revokedLater(later.reason, later.at) : m.findings.notRevoked));
}

const MANIFEST_FIELDS = ['eventId', 'kiosk', 'type', 'member', 'org', 'at', 'meeting', 'transfer'] as const satisfies readonly ManifestField[];

function manifestFinding(entry: ManifestEntry | undefined, payload: EventPayload | undefined, logIndex: number): Finding {
  if (!entry) return fail(CHECKS.manifest, 'missing', (m) => m.findings.manifestMissing);
  if (!payload) return fail(CHECKS.manifest, 'unreadable', (m) => m.findings.manifestUnreadable);
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
  const differing: ManifestField[] = MANIFEST_FIELDS.filter((field) => entry[field] !== signed[field]);
  if (entry.logIndex !== logIndex) differing.push('logIndex');
  return differing.length === 0 ? pass(CHECKS.manifest, (m) => m.findings.manifestMatches) : fail(CHECKS.manifest, 'mismatch', (m) => m.findings.manifestMismatch(differing));
}

interface Trust {
  issuers: IssuerTrust;
  kioskKey(kid: string): Promise<KioskKey>;
  checkpoint: Checkpoint | null;
  /** null when the bundle's list is missing or bad: that fails the bundle, and no tap is judged against it */
  revocations: RevocationSet | null;
  window: BundleWindow | null;
  once: OnceCheck;
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
  const kiosk = kid !== undefined && Object.hasOwn(bundle.kiosks, kid) ? bundle.kiosks[kid] : undefined;
  if (kid !== undefined && !kiosk) findings.push(fail(CHECKS.kioskKey, 'unknown-kiosk', (m) => m.findings.unknownKiosk(kid)));
  if (kid !== undefined && kiosk) {
    const opened = await trust.kioskKey(kid);
    if ('finding' in opened) {
      findings.push(opened.finding);
    } else {
      try {
        payload = await verifyEvent(event.jws, opened.key);
        findings.push(pass(CHECKS.kioskSignature, (m) => m.findings.signedByKiosk(kid)));
      } catch (error) {
        const finding = failure(CHECKS.kioskSignature, error);
        findings.push(finding.code === 'ERR_EVENT_SIGNATURE_INVALID' ? { ...finding, detail: (m) => m.findings.altered(finding.detail(m)) } : finding);
      }
    }
  }
  payload ??= readPayload(event.jws);
  if (!payload) findings.push(fail(CHECKS.payload, 'ERR_EVENT_SCHEMA', (m) => m.findings.payloadUnreadable));
  if (payload && kiosk) {
    const eventOrg = payload.org;
    findings.push(
      eventOrg === kiosk.org
        ? pass(CHECKS.kioskKey, (m) => m.findings.kioskEnrolled(kiosk.org))
        : fail(CHECKS.kioskKey, 'org-mismatch', (m) => m.findings.kioskOrgMismatch(eventOrg, kiosk.org)),
    );
  }
  const marks: OnceMark[] = [{ kind: 'leaf', logIndex: event.logIndex }];
  if (payload) marks.push({ kind: 'event-id', eventId: payload.id }, { kind: 'kiosk-seq', kiosk: payload.kiosk, seq: payload.seq });
  if (payload?.type === 'checkin' || payload?.type === 'transfer.accept') {
    const subjectId = payload.type === 'checkin' ? payload.meeting : payload.transfer;
    const member = await checkCard('member', payload.card, payload, subjectId, trust);
    findings.push(...member.findings);
    if (member.tap) {
      const { sub, mark } = member.tap;
      const named = payload.member;
      marks.push(mark);
      findings.push(
        sub === named ? pass(CHECKS.memberIdentity, () => named) : fail(CHECKS.memberIdentity, 'ERR_EVENT_MEMBER_MISMATCH', (m) => m.findings.cardHolderMismatch(sub, named)),
      );
    }
    if (payload.type === 'transfer.accept') {
      const secretary = await checkCard('secretary', payload.secretary, payload, subjectId, trust);
      findings.push(...secretary.findings);
      if (secretary.tap) marks.push(secretary.tap.mark);
    }
    findings.push(subjectFinding(bundle.subject, payload));
    if (trust.window) findings.push(trust.window.finding(payload));
  } else if (payload) {
    const { type } = payload;
    findings.push(fail(CHECKS.payload, 'unexpected-type', (m) => m.findings.notEvidence(type)));
  }
  findings.push(trust.once.finding(position, marks));
  if (trust.checkpoint) {
    try {
      const proof = event.inclusionProof.map((hash) => fromBase64Strict(hash) ?? new Uint8Array());
      verifyInclusion(hasher, hasher.hashLeaf(utf8(event.jws)), event.logIndex, trust.checkpoint.size, proof, trust.checkpoint.rootHash);
      const { size } = trust.checkpoint;
      findings.push(pass(CHECKS.inclusion, (m) => m.findings.leafOf(event.logIndex, size)));
    } catch (error) {
      findings.push(failure(CHECKS.inclusion, error));
    }
  } else {
    findings.push(fail(CHECKS.inclusion, 'no-checkpoint', (m) => m.findings.noCheckpoint));
  }
  findings.push(manifestFinding(bundle.manifest.entries[position], payload, event.logIndex));
  return { position, logIndex: event.logIndex, eventId: payload?.id ?? null, type: payload?.type ?? null, at: payload?.at ?? null, findings };
}

const notABundle = (detail: Words): BundleReport => ({
  subject: null,
  verifierKey: null,
  checkpoint: null,
  keys: { log: 'bundle', issuers: 'bundle', issuerKeys: [] },
  global: [fail(CHECKS.bundle, 'ERR_BUNDLE_MALFORMED', detail)],
  events: [],
  ok: false,
});

/** Verifies the text of a bundle file against the keys given (the bundle's for those not given); never throws for anything in it. */
export async function verifyBundle(text: string, given: BundleTrust = {}): Promise<BundleReport> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return notABundle((m) => m.findings.notJson(message));
  }
  const parsed = BundleSchema.safeParse(document);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => ({ path: issue.path.join('.') || '(top)', message: issue.message }));
    return notABundle((m) => m.findings.notABundle(issues));
  }
  const bundle = parsed.data;
  const global: Finding[] = [];
  const checkpoint = await openLog(bundle, given.logKey, global);
  const issuers = await openIssuers(bundle, given.issuers, global);
  const revocations = await openRevocations(bundle, global);
  const window = BundleWindow.open(bundle, global);
  if (bundle.manifest.entries.length !== bundle.events.length) {
    const [listed, held] = [bundle.manifest.entries.length, bundle.events.length];
    global.push(fail(CHECKS.manifest, 'count-mismatch', (m) => m.findings.manifestCount(listed, held)));
  }
  const trust: Trust = { issuers: issuers.trust, kioskKey: kioskKeys(bundle), checkpoint, revocations, window, once: new OnceCheck() };
  const events: EventReport[] = [];
  for (let position = 0; position < bundle.events.length; position += 1) events.push(await verifyOne(bundle, position, trust));
  const { subject: about } = bundle;
  const who: Words = (m) => (about.kind === 'member' ? m.findings.memberSubject(about.member, about.name) : m.findings.orgSubject(about.org, about.name));
  const days = window?.describe();
  const subject: Words = days ? (m) => m.findings.subjectInWindow(who(m), days(m)) : who;
  const ok = global.every((finding) => finding.ok) && events.every((event) => event.findings.every((finding) => finding.ok));
  return {
    subject,
    verifierKey: given.logKey ?? bundle.logVerifierKey,
    checkpoint,
    keys: {
      log: given.logKey === undefined ? 'bundle' : 'given',
      issuers: given.issuers === undefined ? 'bundle' : 'given',
      issuerKeys: issuers.keys.map((key) => ({ iss: key.iss, kid: key.kid })),
    },
    global,
    events,
    ok,
  };
}
