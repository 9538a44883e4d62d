import { z } from 'zod';
import { authorize } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import type { ReadContext } from '../context.ts';
import { CsnSchema } from '../schemas/common.ts';
import type { CheckinRefusalReason, RefusalReason } from '../schemas/meetings.ts';
import type { RefusedCheckinRecord } from '../store/repositories/attendance.ts';
import { utc } from '../clock.ts';
import { requireMeeting } from './lookups.ts';
import { jwsPayload } from '../verify/jws-payload.ts';

/** A refused check-in as people are shown it: why in a word they can act on, and the card as far as it can be read. */
export interface RefusedCheckin extends Omit<RefusedCheckinRecord, 'jws'> {
  reason: CheckinRefusalReason;
  card: string | null;
  nameOnCard: string | null;
}

const REASONS: Partial<Record<string, RefusalReason>> = {
  ERR_CARD_UNKNOWN: 'card-unregistered',
  ERR_CARD_REVOKED: 'card-revoked',
  ERR_CREDENTIAL_EXPIRED: 'card-expired',
  ERR_CREDENTIAL_NOT_YET_VALID: 'card-expired',
  ERR_ISSUER_UNKNOWN: 'issuer-unknown',
  ERR_CREDENTIAL_MALFORMED: 'card-invalid',
  ERR_CREDENTIAL_SIGNATURE_INVALID: 'card-invalid',
  ERR_PRESENCE_MALFORMED: 'card-invalid',
  ERR_PRESENCE_SIGNATURE_INVALID: 'card-invalid',
  ERR_NOT_MEMBER_CARD: 'card-invalid',
  ERR_CARD_CLONED: 'card-alarm',
  ERR_CARD_EVIDENCE_REPLAYED: 'card-alarm',
  ERR_EVENT_FORK: 'kiosk-problem',
  ERR_EVENT_CHAIN_BROKEN: 'kiosk-problem',
  ERR_EVENT_ORG_MISMATCH: 'kiosk-problem',
  ERR_EVENT_ID_REUSED: 'kiosk-problem',
  ERR_EVENT_MEMBER_MISMATCH: 'kiosk-problem',
  ERR_MEETING_CONFLICT: 'kiosk-problem',
};

/** What a refusal asks of people; a code without a way of its own goes to the system administrator. */
export const refusalReason = (code: string): RefusalReason => REASONS[code] ?? 'other';

/** A check-in tapped after its meeting was closed: nothing is wrong with the card or the kiosk, the member came late. */
const checkinRefusalReason = (code: string): CheckinRefusalReason => (code === 'ERR_MEETING_CLOSED' ? 'meeting-closed' : refusalReason(code));

const CheckinCardSchema = z.object({ card: z.object({ credential: z.string() }) });
const CredentialClaimsSchema = z.object({ csn: CsnSchema.optional(), name: z.string().optional() });

/**
 * The card's serial and name as its credential says: the event was verified when it came, but a refused tap's
 * credential may be the very thing that failed (malformed, badly signed), so it is read best-effort.
 */
export function cardOnCredential(credential: string): { card: string | null; nameOnCard: string | null } {
  try {
    const claims = CredentialClaimsSchema.parse(jwsPayload(credential));
    return { card: claims.csn ?? null, nameOnCard: claims.name ?? null };
  } catch {
    return { card: null, nameOnCard: null };
  }
}

function tappedCard(jws: string): { card: string | null; nameOnCard: string | null } {
  try {
    return cardOnCredential(CheckinCardSchema.parse(jwsPayload(jws)).card.credential);
  } catch {
    return { card: null, nameOnCard: null };
  }
}

/**
 * Every check-in naming the meeting that the server refused, by tap time: members the kiosk showed green who are
 * not counted (unless another tap of theirs was accepted). Readable by whoever reads the meeting's attendance.
 */
export async function listRefusedCheckins(ctx: ReadContext, principal: Principal, meetingId: string): Promise<RefusedCheckin[]> {
  const meeting = await requireMeeting(ctx.read, meetingId);
  authorize(principal, 'attendance.read', { path: meeting.orgPath });
  const records = await ctx.read.attendance.refusedAt(meeting.id);
  return records
    .map(({ jws, ...record }) => ({ ...record, at: utc(record.at), reason: checkinRefusalReason(record.code), ...tappedCard(jws) }))
    .sort((a, b) => a.at.localeCompare(b.at));
}
