import type { CryptoKey } from 'jose';
import type { Logger } from 'pino';
import type { KioskTokenIds } from './auth/kiosk-token-ids.ts';
import type { Clock } from './clock.ts';
import type { IdNumberCipher } from './crypto/id-number-cipher.ts';
import type { LogSigningKey } from './keys/log-signing-key.ts';
import type { OrgCalendar } from '../shared/org-calendar.ts';
import type { CheckpointPublisher } from './log/checkpoint-publisher.ts';
import type { KioskRosters } from './domain/kiosk-rosters.ts';
import type { RevocationPublisher } from './domain/revocation-list.ts';
import type { SignInThrottle } from './domain/sign-in-throttle.ts';
import type { DiagnosticsEngine } from './domain/diagnostics/engine.ts';
import type { ServerSigningKey } from './keys/server-signing-key.ts';
import type { ReadStore, WriteStore } from './store/store.ts';
import type { EventVerifier } from './verify/event-verifier.ts';

/** What read-only use cases get: no writer in sight, so the compiler keeps them read-only. */
export interface ReadContext {
  read: ReadStore;
  clock: Clock;
  /** the organisation's days: what "today" is, by the clock, and when a day begins */
  calendar: OrgCalendar;
}

export interface WriteContext extends ReadContext {
  write: WriteStore;
  /** told what a change touched, so reminders follow it at once (absent where no rules run, e.g. the admin command) */
  diagnostics?: Pick<DiagnosticsEngine, 'notify'>;
}

export interface MemberDataContext extends WriteContext {
  idNumbers: IdNumberCipher;
  idHashKey: Uint8Array;
}

/** Everything a request handler can reach, built once at start-up. */
export interface ServerContext extends MemberDataContext {
  /** names the server as `iss` of the revocation list */
  serverId: string;
  signingKey: ServerSigningKey;
  revocations: RevocationPublisher;
  /** each tree's kiosk roster, read again only when the tree's version or the organisation's day has moved */
  kioskRosters: KioskRosters;
  kioskAuth: { tokenIds: KioskTokenIds; keys: Map<string, Promise<CryptoKey>> };
  /** sign-in attempts per username and per address, in memory */
  signInThrottle: SignInThrottle;
  /** event ingest's verification (worker threads, or in-process) */
  verifier: EventVerifier;
  /** the transparency log's note key and its checkpoint signer */
  logKey: LogSigningKey;
  checkpoints: CheckpointPublisher;
  /** the diagnostic rules: told what changed, they keep the findings current off the request path */
  diagnostics: DiagnosticsEngine;
  logger: Logger;
  options: {
    /** check every JSON reply against its declared schema (tests), so the OpenAPI document cannot drift */
    checkResponses: boolean;
  };
}
