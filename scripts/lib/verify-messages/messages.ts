import type { MicErrorCode } from '../../../shared/errors.ts';
import type { InconsistencyReason, ProofFailure } from '../../../shared/log/errors.ts';
import type { Checkpoint } from '../../../shared/log/checkpoint.ts';
import type { Check } from '../bundle-findings.ts';

export type VerifyLanguage = 'zh-CN' | 'en';

/** Something the command says, worded when it is printed, in the language asked for. */
export type Words = (messages: VerifyMessages) => string;

/** The codes a check of a bundle or a log can fail with, as the shared verification code raises them. */
export type VerifyErrorCode =
  | Extract<
      MicErrorCode,
      | `ERR_CREDENTIAL_${string}`
      | 'ERR_NOT_MEMBER_CARD'
      | 'ERR_ISSUER_UNKNOWN'
      | `ERR_PRESENCE_${string}`
      | 'ERR_REVOCATION_LIST_INVALID'
      | `ERR_EVENT_${'MALFORMED' | 'SIGNATURE_INVALID' | 'SCHEMA'}`
      | 'ERR_PROOF_RANGE'
      | 'ERR_CHECKPOINT_INVALID'
      | `ERR_NOTE_${string}`
    >
  | ProofFailure;

/** What an operating-system or network error says: its code (ENOENT, ECONNREFUSED…) and its message. */
export interface SystemProblem {
  code: string | undefined;
  message: string;
}

/** A card revocation as the server's list gives it. */
export type RevocationReason = 'lost' | 'revoked' | 'replaced';

/** Where the trusted log key came from, when the auditor did not take the bundle's. */
export type LogKeyFrom = 'given' | 'monitor';

/** A field of a manifest entry, held against the signed event. */
export type ManifestField = 'eventId' | 'kiosk' | 'type' | 'member' | 'org' | 'at' | 'meeting' | 'transfer' | 'logIndex';

/** A mark only one event of a bundle may carry. */
export type OnceMark =
  | { kind: 'leaf'; logIndex: number }
  | { kind: 'event-id'; eventId: string }
  | { kind: 'kiosk-seq'; kiosk: string; seq: number }
  | { kind: 'card-tap'; csn: string; counter: number };

/**
 * Every sentence `npm run verify` prints. Both catalogues are typed with this interface, so a key missing
 * from either language fails to compile. Codes (ERR_…), hashes, keys, paths and exit codes stay as they are.
 */
export interface VerifyMessages {
  // usage and failures to check
  usage: string;
  usageErrors: {
    keyAndKeyFile: string;
    monitorOrOneBundle: string;
    stateNeedsMonitor: string;
    tooManyBundles: (argument: string) => string;
    issuerNeedsBundle: string;
    notAUrl: (url: string) => string;
    unknownOption: (option: string) => string;
    missingValue: (option: string) => string;
    badArguments: (message: string) => string;
    unknownLanguage: (language: string) => string;
    cannotReadKeyFile: (path: string, problem: SystemProblem) => string;
    cannotReadIssuerFile: (path: string, problem: SystemProblem) => string;
    notAnIssuerKey: (path: string) => string;
  };
  /** a check that could not be made, with its code */
  couldNotCheck: (what: string, code: string) => string;
  unexpectedFailure: (message: string) => string;
  cannotReadBundle: (path: string, problem: SystemProblem) => string;
  /** what a shared verification error means, by its code (the message is the English one it was raised with) */
  error: (code: string | undefined, message: string) => string;

  // the monitor's failures to check (ERR_MONITOR_…)
  monitorErrors: {
    unreachable: (origin: string, why: SystemProblem) => string;
    serverError: (where: string, status: number, error: { code: string; message?: string } | undefined) => string;
    answerNotJson: (where: string) => string;
    answerOffContract: (message: string) => string;
    notAUrl: (url: string) => string;
    notHttp: (url: string) => string;
    stateUnreadable: (path: string) => string;
    stateNotJson: (path: string) => string;
    stateNotState: (path: string, field: string, message: string) => string;
    keyConflict: (path: string) => string;
    checkpointNotNote: (message: string) => string;
  };

  // the monitor's outcomes
  monitor: {
    firstUse: (verifierKey: string) => string[];
    keyGiven: (verifierKey: string) => string;
    pinned: (origin: string, size: number, root: string) => string;
    stateSaved: (path: string) => string;
    consistent: (from: number, to: number) => string;
    root: (root: string) => string;
    movedFrom: (previousUrl: string, url: string) => string;
    inconsistentBanner: (reason: InconsistencyReason) => string;
    /** why the two checkpoints cannot both be true (`message` is the English one) */
    inconsistency: (reason: InconsistencyReason, previous: Checkpoint, next: Checkpoint, message: string) => string;
    twoHistories: (url: string) => string;
    keepEvidence: (statePath: string, size: number) => string[];
    unverifiedBanner: string;
    unverified: (verifierKey: string, code: string, message: string) => string[];
    bundleNotChecked: (path: string) => string;
    bundleCheckpointUntrusted: string;
    bundleNotInLog: (size: number, root: string, url: string, path: string) => string[];
    bundleNotInLogBanner: string;
    bundleInLog: (size: number, newest: number) => string;
  };

  // the bundle report
  report: {
    mark: (ok: boolean) => string;
    /** a check and what it found: its code, if it failed with one, then the words */
    finding: (check: string, code: string | undefined, detail: string) => string;
    header: (path: string, subject: string | null, events: number) => string;
    logKey: (verifierKey: string, from: LogKeyFrom | 'bundle') => string[];
    issuerKeysGiven: (count: number) => string;
    issuerKeysFromBundle: string;
    event: (position: number, total: number, logIndex: number | null, what: string) => string;
    eventWhat: (type: string | null, eventId: string | null, at: string | null) => string;
    verified: (total: number) => string;
    notProven: (checkpointCompared: boolean) => string[];
    failed: (failedEvents: number, total: number, failedGlobal: number) => string;
  };

  /** the checks, by the names the report prints */
  checks: Record<Check, string>;

  // what each check found
  findings: {
    memberSubject: (member: string, name: string) => string;
    orgSubject: (org: string, name: string) => string;
    subjectInWindow: (who: string, window: string) => string;
    window: (from: string | null, to: string | null, madeOn: string, timeZone: string) => string;
    notJson: (message: string) => string;
    notABundle: (issues: { path: string; message: string }[]) => string;
    manifestCount: (listed: number, held: number) => string;
    verifierKeyFromBundle: (keyName: string) => string;
    verifierKeyMismatch: (bundleKey: string) => string;
    verifierKeyMatches: (keyName: string) => string;
    checkpoint: (origin: string, size: number, root: string) => string;
    issuerKidMismatch: (keys: string) => string;
    issuerKeysGiven: (count: number) => string;
    issuerKeysFromBundle: (count: number) => string;
    kioskKidMismatch: (kid: string, thumbprint: string | undefined) => string;
    revocationsMissing: string;
    serverKidMismatch: (kid: string) => string;
    revocations: (count: number, seq: number, kid: string) => string;
    memberIsSubject: (member: string) => string;
    memberNotSubject: (eventMember: string, bundleMember: string) => string;
    orgIsSubject: (org: string) => string;
    orgNotSubject: (eventOrg: string, bundleOrg: string) => string;
    unknownZone: (zone: string) => string;
    outsideWindow: (day: string, timeZone: string, from: string | null, to: string | null) => string;
    onDay: (day: string) => string;
    once: string;
    repeated: (repeats: { mark: OnceMark; first: number }[]) => string;
    card: (csn: string, sub: string, iss: string) => string;
    counter: (counter: number) => string;
    credentialHeld: string;
    revokedBefore: (csn: string, reason: RevocationReason, at: string) => string;
    revokedLater: (reason: RevocationReason, at: string) => string;
    notRevoked: string;
    manifestMissing: string;
    manifestUnreadable: string;
    manifestMatches: string;
    manifestMismatch: (fields: ManifestField[]) => string;
    unknownKiosk: (kid: string) => string;
    signedByKiosk: (kid: string) => string;
    altered: (said: string) => string;
    payloadUnreadable: string;
    kioskEnrolled: (org: string) => string;
    kioskOrgMismatch: (eventOrg: string, kioskOrg: string) => string;
    cardHolderMismatch: (cardSub: string, eventMember: string) => string;
    notEvidence: (type: string) => string;
    leafOf: (logIndex: number, size: number) => string;
    noCheckpoint: string;
  };
}
