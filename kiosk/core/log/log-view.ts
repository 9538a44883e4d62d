import type { KioskAlarmKind } from '../../../shared/events/event-schema.ts';

/*
 * What the screen sees of the kiosk's transparency-log check. Types only, so kiosk-api.ts (and through it
 * the renderer) can use them without pulling in Node.
 */

export type { KioskAlarmKind };

/** An alarm the log check raised; `reportedSeq` is the outbox seq of the `kiosk.alarm` event that reports it. */
export interface LogAlarm {
  id: number;
  kind: KioskAlarmKind;
  /** the kiosk's own event the alarm is about (log-missing-event) */
  eventSeq: number | undefined;
  logIndex: number | undefined;
  checkpointSize: number | undefined;
  /** a stable word from shared/log: a proof failure or inconsistency reason */
  reason: string | undefined;
  detail: string;
  raisedAt: string;
  reportedSeq: number | undefined;
}

export interface LogCheckStatus {
  /** the log's note verifier key, pinned right after enrolment; undefined until the server offered one */
  verifierKey: string | undefined;
  /** the size of the newest checkpoint this kiosk verified: every later one must extend it */
  checkpointSize: number | undefined;
  /** when the last check finished (with or without an alarm) */
  checkedAt: string | undefined;
  /** accepted events whose inclusion in the log was proven */
  provenEvents: number;
  /** accepted events with a log index that no verified checkpoint has covered yet */
  awaitingProof: number;
  /** why the last check could not finish (the server unreachable, an answer off the contract) */
  lastError: { code: string; message: string; at: string } | undefined;
}
