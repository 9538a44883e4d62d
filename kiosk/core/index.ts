/**
 * The kiosk core's public surface (Node only: no Electron, no DOM). Shells and hosts import from here;
 * renderers import types from kiosk-api.ts alone.
 */
export { Kiosk, KIOSK_KEY_FILE, type KioskOptions } from './kiosk.ts';
export type { KioskControl, KioskNotice, KioskStatus, OpenMeetingRequest } from './kiosk-api.ts';
export type { ActiveMeeting, ModeView } from './modes/kiosk-mode.ts';
export type { Person } from './session/person.ts';
export type { NotReadyReason, RefusalReason, TapResult, TapResultKind } from './session/tap-result.ts';
export type { RejectedEvent } from './outbox/event-draft.ts';
export type { ScheduledMeeting, Transfer, RosterEntry } from './config/config-schema.ts';
export type { ReaderSource } from './readers/reader-source.ts';
export type { KeyStore } from './identity/key-store.ts';
export { FileKeyStore } from './identity/file-key-store.node.ts';
export { KioskError, ServerAnswerError, isKioskError, type KioskErrorCode } from './errors.ts';
export { systemClock, clockWithOffset, type Clock } from './time/clock.ts';
export { systemTimers, type Timers, type TimerHandle } from './time/timers.ts';
export type { SyncOptions } from './sync/sync-service.ts';
export type { BackoffPolicy } from './sync/backoff.ts';
