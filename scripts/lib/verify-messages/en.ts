import { counted } from '../../../shared/counted.ts';
import type { InconsistencyReason } from '../../../shared/log/errors.ts';
import type { OnceMark, VerifyMessages } from './messages.ts';

const HEADLINE: Record<InconsistencyReason, string> = {
  'rolled-back': 'the log was rolled back',
  'forked': 'the log forked: two different trees of the same size',
  'different-log': 'the server now serves a different log',
  'proof-invalid': 'the log cannot prove that it extends what this monitor saw before',
};

const banner = (text: string): string => `!!! ${text.toUpperCase()} !!!`;

const markText = (mark: OnceMark): string => {
  switch (mark.kind) {
    case 'leaf':
      return `log index ${mark.logIndex}`;
    case 'event-id':
      return `event id ${mark.eventId}`;
    case 'kiosk-seq':
      return `kiosk ${mark.kiosk} seq ${mark.seq}`;
    case 'card-tap':
      return `card ${mark.csn} counter ${mark.counter}`;
  }
};

const outOfBand = 'Compare it with the key the log operator publishes out of band (on paper, on the organisation’s site)';

export const en: VerifyMessages = {
  usage: [
    'usage: npm run verify -- --monitor URL [--state FILE] [--key VKEY | --key-file FILE] [--issuer FILE …] [BUNDLE] [--lang en]',
    '       npm run verify -- [--key VKEY | --key-file FILE] [--issuer FILE …] BUNDLE [--lang en]   (an auditor bundle, checked offline)',
    '       It prints Chinese (--lang zh-CN) unless given --lang en.',
  ].join('\n'),
  usageErrors: {
    keyAndKeyFile: 'give --key or --key-file, not both',
    monitorOrOneBundle: 'give --monitor URL, or one bundle file',
    stateNeedsMonitor: '--state is the monitor\'s: give --monitor URL too',
    tooManyBundles: (argument) => `unexpected argument ${argument}: give at most one bundle file`,
    issuerNeedsBundle: '--issuer is for checking a bundle: give the bundle file too',
    notAUrl: (url) => `"${url}" is not a URL`,
    unknownOption: (option) => `unknown option ${option}`,
    missingValue: (option) => `${option} needs a value`,
    badArguments: (message) => message,
    unknownLanguage: (language) => `--lang ${language}: give zh-CN or en`,
    cannotReadKeyFile: (path, problem) => `cannot read the key file ${path}: ${problem.message}`,
    cannotReadIssuerFile: (path, problem) => `cannot read the issuer key file ${path}: ${problem.message}`,
    notAnIssuerKey: (path) => `${path} is not an issuer's public key (a JWK with kid and iss, or { "keys": [...] })`,
  },
  couldNotCheck: (what, code) => `verify: ${what} (${code})`,
  unexpectedFailure: (message) => `verify: unexpected failure: ${message}`,
  cannotReadBundle: (path, problem) => `verify: cannot read ${path}: ${problem.message}`,
  error: (_code, message) => message,

  monitorErrors: {
    unreachable: (origin, why) => `cannot reach ${origin} (${why.message})`,
    serverError: (where, status, error) => `${where} answered ${status}${error ? `: ${error.code}${error.message ? ` ${error.message}` : ''}` : ''}`,
    answerNotJson: (where) => `the answer of ${where} is not JSON`,
    answerOffContract: (message) => message,
    notAUrl: (url) => `"${url}" is not a URL`,
    notHttp: (url) => `"${url}" is not an http(s) URL`,
    stateUnreadable: (path) => `cannot read the state file ${path}`,
    stateNotJson: (path) => `${path} is not JSON; it is not a monitor state file`,
    stateNotState: (path, field, message) => `${path} is not a monitor state file (${field}: ${message})`,
    keyConflict: (path) => `the key given differs from the one remembered in ${path}; use another --state to watch the log with another key`,
    checkpointNotNote: (message) => `the server's checkpoint is not a signed note: ${message}`,
  },

  monitor: {
    firstUse: (verifierKey) => [
      'No verifier key was given: trusting the key the server publishes, on first use:',
      `  ${verifierKey}`,
      outOfBand,
      'before relying on this monitor; pass it with --key next time to check it at once.',
    ],
    keyGiven: (verifierKey) => `Using the verifier key given: ${verifierKey}`,
    pinned: (origin, size, root) => `pinned: ${origin} at size ${size}, root ${root}`,
    stateSaved: (path) => `state saved to ${path}`,
    consistent: (from, to) => `consistent: size ${from} → ${to}`,
    root: (root) => `root ${root}`,
    movedFrom: (previousUrl, url) => `note: the state was last checked against ${previousUrl}; checked ${url} against it`,
    inconsistentBanner: (reason) => banner(`log inconsistent: ${HEADLINE[reason]}`),
    inconsistency: (reason, _previous, _next, message) => `${message} (${reason})`,
    twoHistories: (url) => `The server at ${url} has shown two histories that cannot both be true.`,
    keepEvidence: (statePath, size) => [
      `Keep ${statePath} (the checkpoint this monitor verified before, size ${size}; left unchanged)`,
      'and the checkpoint it serves now, below, as evidence:',
    ],
    unverifiedBanner: banner('checkpoint not signed by the pinned key'),
    unverified: (verifierKey, code, message) => [
      `The server's newest checkpoint does not verify against ${verifierKey}: ${message} (${code})`,
      'Either the log key was replaced or someone is answering for the log. Nothing was saved. The checkpoint:',
    ],
    bundleNotChecked: (path) => `The bundle ${path} was not checked against the log: the log itself failed.`,
    bundleCheckpointUntrusted: 'Its checkpoint is not signed by the key this monitor trusts, so it cannot be compared with the log.',
    bundleNotInLogBanner: "!!! THE BUNDLE'S CHECKPOINT IS NOT PART OF THE LOG THIS MONITOR FOLLOWS !!!",
    bundleNotInLog: (size, root, url, path) => [
      `The bundle was shown a tree of ${counted(size, 'entry', 'entries')} with root ${root}, signed with the log's key, that the log`,
      `at ${url} does not contain: its events are not proved to be in the history everybody sees. Keep ${path} as evidence.`,
    ],
    bundleInLog: (size, newest) => `log: the bundle's checkpoint (size ${size}) is part of the log this monitor follows (consistent with size ${newest})`,
  },

  report: {
    mark: (ok) => (ok ? 'ok  ' : 'FAIL'),
    finding: (check, code, detail) => `${check}: ${code ? `${code} — ` : ''}${detail}`,
    header: (path, subject, events) => `bundle ${path}${subject ? `: ${subject}` : ''}, ${counted(events, 'event')}`,
    logKey: (verifierKey, from) =>
      from === 'bundle'
        ? [
            `log verifier key: ${verifierKey}`,
            '  Compare it with the key the log operator publishes out of band (on paper, on the organisation’s site), or give yours with --key: the bundle vouches for nothing by itself.',
          ]
        : [`log verifier key: ${verifierKey} (${from === 'given' ? 'given' : 'the key this monitor trusts'})`],
    issuerKeysGiven: (count) => `issuer keys (given): ${count}`,
    issuerKeysFromBundle: 'issuer keys, from the bundle — compare each with the key its department publishes, or give yours with --issuer FILE:',
    event: (position, total, logIndex, what) => `event ${position}/${total} (log index ${logIndex ?? '?'}) ${what}`,
    eventWhat: (type, eventId, at) => [type ?? 'unreadable event', eventId, at && `at ${at}`].filter(Boolean).join(' '),
    verified: (total) =>
      `verified: ${total === 1 ? 'the 1 event' : `all ${total} events`} — kiosk signatures, card credentials and presence signatures at each event's time, revocation at each tap, log inclusion under the checkpoint, each event of the bundle's subject and days and listed once, manifest`,
    notProven: (checkpointCompared) => [
      'Not proven by this bundle:',
      '  - that it holds every event of its subject in its window: the server chose what to put in it, and a bundle holds only',
      '    what the account that exported it may see. The log keeps no list by member or organisation, so an event left out',
      '    shows nowhere here.',
      ...(checkpointCompared
        ? []
        : [
            '  - that its checkpoint is the one everybody else is shown: prove it with `npm run verify -- --monitor URL BUNDLE`,',
            '    or compare its size and root with a checkpoint of this log seen elsewhere.',
          ]),
      '  - when each tap happened: its time is the kiosk’s clock.',
      '  - cards the server left off its own revocation list, and whether a member came as home member, mobile member or',
      '    visitor (the manifest’s attendedAs: the server’s word).',
    ],
    failed: (failedEvents, total, failedGlobal) =>
      `verify: the bundle FAILED verification: ${failedEvents} of ${counted(total, 'event')}, ${counted(failedGlobal, 'bundle-wide check')}`,
  },

  checks: {
    bundle: 'bundle format',
    verifierKey: 'log verifier key',
    checkpoint: 'checkpoint signature',
    issuerKeys: 'issuer keys',
    revocationList: 'revocation list',
    manifest: 'manifest',
    kioskKey: 'kiosk key',
    kioskSignature: 'kiosk signature',
    payload: 'event payload',
    memberCredential: 'member card credential',
    memberPresence: 'member card presence signature',
    memberRevocation: 'member card revocation',
    memberIdentity: 'member card holder',
    secretaryCredential: 'secretary card credential',
    secretaryPresence: 'secretary card presence signature',
    secretaryRevocation: 'secretary card revocation',
    inclusion: 'log inclusion',
    subject: 'bundle subject',
    window: 'bundle window',
    once: 'listed once',
  },

  findings: {
    memberSubject: (member, name) => `member ${member} (${name})`,
    orgSubject: (org, name) => `organisation ${org} (${name})`,
    subjectInWindow: (who, window) => `${who}, ${window}`,
    window: (from, to, madeOn, timeZone) => {
      const end = to ?? `${madeOn}, the day it was made`;
      const days = from === null && to === null ? `every day to ${end}` : `${from ?? 'the beginning'} to ${end}`;
      return `${days} (days in ${timeZone})`;
    },
    notJson: (message) => `not JSON: ${message}`,
    notABundle: (issues) => `not a member-card bundle: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    manifestCount: (listed, held) => `the manifest lists ${counted(listed, 'event')}, the bundle holds ${held}`,
    verifierKeyFromBundle: (keyName) => `${keyName} — from the bundle: compare it with the key the log operator publishes, out of band`,
    verifierKeyMismatch: (bundleKey) => `the bundle names the log key ${bundleKey}, not the one trusted; its checkpoint is opened with the one trusted`,
    verifierKeyMatches: (keyName) => `${keyName} — the bundle names the key trusted`,
    checkpoint: (origin, size, root) => `${origin}, tree size ${size}, root ${root}`,
    issuerKidMismatch: (keys) => `${keys}: the key is not the one its id names (a key id is the key's thumbprint); nothing signed under it is trusted`,
    issuerKeysGiven: (count) => `${count} given; the bundle's are not used`,
    issuerKeysFromBundle: (count) => `${count} from the bundle: compare each with the key its department publishes, or give yours with --issuer FILE`,
    kioskKidMismatch: (kid, thumbprint) => `the key the bundle gives for kiosk ${kid} is not that kiosk's (its thumbprint is ${thumbprint ?? 'unreadable'})`,
    revocationsMissing: 'the bundle carries no signed revocation list: whether a card was out of use at its tap cannot be checked',
    serverKidMismatch: (kid) => `the server key ${kid} is not the key its id names`,
    revocations: (count, seq, kid) => `${counted(count, 'card')} out of use (list ${seq}), signed by the server key ${kid}`,
    memberIsSubject: (member) => `member ${member}`,
    memberNotSubject: (eventMember, bundleMember) => `the event is about member ${eventMember}, the bundle about member ${bundleMember}`,
    orgIsSubject: (org) => `at organisation ${org}`,
    orgNotSubject: (eventOrg, bundleOrg) => `the event happened at organisation ${eventOrg}, the bundle is about organisation ${bundleOrg}`,
    unknownZone: (zone) => `the bundle counts its days in the time zone "${zone}", which this computer does not know`,
    outsideWindow: (day, timeZone, from, to) => `the tap was on ${day} (${timeZone}), outside the bundle's ${from ?? 'beginning'} to ${to ?? 'end'}`,
    onDay: (day) => `on ${day}`,
    once: 'no other event of the bundle has its leaf, id, kiosk sequence number or card tap',
    repeated: (repeats) => `the same ${repeats.map(({ mark, first }) => `${markText(mark)} (as event ${first + 1})`).join(', ')}: counted twice`,
    card: (csn, sub, iss) => `card ${csn} of ${sub}, issued by ${iss}`,
    counter: (counter) => `counter ${counter}`,
    credentialHeld: 'issuer signature and validity',
    revokedBefore: (csn, reason, at) => `the server's list says card ${csn} was ${reason} at ${at}, before this tap`,
    revokedLater: (reason, at) => `${reason} only later, at ${at}`,
    notRevoked: 'not on the revocation list',
    manifestMissing: 'the manifest has no entry for this event',
    manifestUnreadable: 'the event payload cannot be read to compare',
    manifestMatches: 'matches the signed event',
    manifestMismatch: (fields) => `the manifest says something else than the signed event about: ${fields.join(', ')}`,
    unknownKiosk: (kid) => `the bundle holds no key for kiosk ${kid}`,
    signedByKiosk: (kid) => `signed by kiosk ${kid}`,
    altered: (said) => `${said}: the payload or the signature was altered`,
    payloadUnreadable: 'the payload is not a readable event',
    kioskEnrolled: (org) => `kiosk enrolled to ${org}`,
    kioskOrgMismatch: (eventOrg, kioskOrg) => `the event names organisation ${eventOrg}, the kiosk was enrolled to ${kioskOrg}`,
    cardHolderMismatch: (cardSub, eventMember) => `the card is ${cardSub}'s, the event names ${eventMember}`,
    notEvidence: (type) => `a ${type} event is not evidence of attendance or a transfer`,
    leafOf: (logIndex, size) => `leaf ${logIndex} of ${size}`,
    noCheckpoint: 'not provable: the bundled checkpoint did not verify',
  },
};
