import { z } from 'zod';
import type { KioskControl } from '../core/kiosk-api.ts';
import type { KioskMethod, KioskParams, KioskValue } from '../ui/bridge/kiosk-bridge.ts';

/*
 * The one list of what a screen may ask the kiosk, for every host (Electron IPC, browser-mode WebSocket).
 * Parameters come from a renderer, so they are checked here, field by field, before the core sees them;
 * the core still checks meaning (URL form, PIN format, meeting bounds) and answers with its own codes.
 */

interface HostMethod<M extends KioskMethod> {
  params: z.ZodType<KioskParams<M>>;
  run(kiosk: KioskControl, params: KioskParams<M>): KioskValue<M> | Promise<KioskValue<M>>;
}

const none = z.tuple([]);
const text = (max: number) => z.string().min(1).max(max);
/** Identifiers from the kiosk's configuration, as the screen got them from scheduledMeetings / pendingTransfers. */
const identifier = text(100);
const pin = z.string().max(64);

const OpenMeetingRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('scheduled'), meetingId: identifier }),
  z.strictObject({ kind: z.literal('ad-hoc'), meetingKind: text(40), title: text(200) }),
]);

export const KIOSK_METHODS: { [M in KioskMethod]: HostMethod<M> } = {
  status: { params: none, run: (kiosk) => kiosk.status() },
  enroll: {
    params: z.tuple([text(2_000), text(500), text(100)]),
    run: (kiosk, [serverUrl, token, name]) => kiosk.enroll(serverUrl, token, name),
  },
  syncNow: { params: none, run: (kiosk) => kiosk.syncNow() },
  scheduledMeetings: { params: none, run: (kiosk) => kiosk.scheduledMeetings() },
  meetingKinds: { params: none, run: (kiosk) => kiosk.meetingKinds() },
  pendingTransfers: { params: none, run: (kiosk) => kiosk.pendingTransfers() },
  openMeeting: { params: z.tuple([OpenMeetingRequestSchema]), run: (kiosk, [request]) => kiosk.openMeeting(request) },
  closeMeeting: { params: none, run: (kiosk) => kiosk.closeMeeting() },
  startTransferAcceptance: { params: z.tuple([identifier]), run: (kiosk, [transferId]) => kiosk.startTransferAcceptance(transferId) },
  cancel: { params: none, run: (kiosk) => kiosk.cancel() },
  setAdminPin: {
    params: z.union([z.tuple([pin]), z.tuple([pin, pin])]),
    run: (kiosk, [newPin, currentPin]) => kiosk.setAdminPin(newPin, currentPin),
  },
  verifyAdminPin: { params: z.tuple([pin]), run: (kiosk, [candidate]) => kiosk.verifyAdminPin(candidate) },
  rejectedEvents: { params: none, run: (kiosk) => kiosk.rejectedEvents() },
};

export const isKioskMethod = (name: string): name is KioskMethod => Object.hasOwn(KIOSK_METHODS, name);
