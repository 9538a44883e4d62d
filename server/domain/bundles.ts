import { authorize } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import { isoTimestamp } from '../clock.ts';
import type { ReadContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { LogSigningKey } from '../keys/log-signing-key.ts';
import type { ServerSigningKey } from '../keys/server-signing-key.ts';
import type { CheckpointPublisher } from '../log/checkpoint-publisher.ts';
import { BUNDLE_FORMAT, type Bundle } from '../schemas/bundles.ts';
import type { Evidence } from '../store/repositories/evidence.ts';
import { memberScope } from './histories/member-history.ts';
import { dayWindow } from './histories/day-window.ts';
import { issuerJwks } from './issuers.ts';
import { requireMember, requireOrg } from './lookups.ts';
import type { RevocationPublisher } from './revocation-list.ts';
import { inclusionProof } from './transparency-log.ts';

/** The most events one bundle holds; a wider export is split by window. */
export const MAX_BUNDLE_EVENTS = 5000;

export interface BundleContext extends ReadContext {
  checkpoints: CheckpointPublisher;
  logKey: LogSigningKey;
  revocations: RevocationPublisher;
  signingKey: ServerSigningKey;
}

type Window = { from?: string; to?: string };

function assertFits(count: number): void {
  if (count > MAX_BUNDLE_EVENTS) {
    throw new ApiError('ERR_BUNDLE_TOO_LARGE', `more than ${MAX_BUNDLE_EVENTS} events: export a narrower window`, { max: MAX_BUNDLE_EVENTS });
  }
}

/**
 * Packs the evidence with a checkpoint that covers all of it: the current tree's, signed now if the log
 * grew since the last one, so every event selected (all committed before) is inside it.
 */
async function pack(ctx: BundleContext, subject: Bundle['subject'], window: Window, evidence: Evidence[]): Promise<Bundle> {
  assertFits(evidence.length);
  const checkpoint = await ctx.checkpoints.publish();
  const kiosks: Bundle['kiosks'] = {};
  for (const kid of new Set(evidence.map((item) => item.kioskKid))) {
    const kiosk = await ctx.read.kiosks.byKid(kid);
    if (kiosk) kiosks[kid] = { jwk: { kty: 'OKP', crv: 'Ed25519', x: kiosk.jwk.x }, org: kiosk.orgCode, name: kiosk.name, enrolledAt: kiosk.enrolledAt, disabledAt: kiosk.disabledAt };
  }
  const events: Bundle['events'] = [];
  for (const item of evidence) {
    events.push({ logIndex: item.logIndex, jws: item.jws, inclusionProof: (await inclusionProof(ctx, item.logIndex, checkpoint.size)).hashes });
  }
  return {
    format: BUNDLE_FORMAT,
    createdAt: isoTimestamp(ctx.clock.now()),
    subject,
    window: { from: window.from ?? null, to: window.to ?? null, timeZone: ctx.calendar.timeZone },
    logVerifierKey: ctx.logKey.verifierKey,
    checkpoint: checkpoint.note,
    issuers: await issuerJwks(ctx),
    // Revocations are never undone, so today's list says of every card whether it was out of use at a tap.
    revocations: (await ctx.revocations.current(ctx.read.cards)).jws,
    serverKey: ctx.signingKey.publicJwk,
    kiosks,
    events,
    manifest: {
      entries: evidence.map((item) => ({
        eventId: item.eventId,
        logIndex: item.logIndex,
        kiosk: item.kioskKid,
        type: item.type,
        member: item.memberNumber,
        org: item.orgCode,
        at: item.at,
        meeting: item.meetingId,
        transfer: item.transferId,
        attendedAs: item.attendedAs,
      })),
    },
  };
}

const byLogIndex = (a: Evidence, b: Evidence): number => a.logIndex - b.logIndex;

/** A member's attendance and kiosk transfer acceptances in the window, as far as the caller may see their history. */
export async function memberBundle(ctx: BundleContext, principal: Principal, memberNumber: string, window: Window): Promise<Bundle> {
  const member = await requireMember(ctx.read, memberNumber);
  const scope = await memberScope(ctx, principal, member);
  const days = dayWindow(window, ctx.calendar);
  const [checkins, acceptances] = await Promise.all([
    ctx.read.evidence.memberCheckins(member.id, days, scope, MAX_BUNDLE_EVENTS + 1),
    ctx.read.evidence.memberAcceptances(member.id, days, scope),
  ]);
  return pack(ctx, { kind: 'member', member: member.memberNumber, name: member.name }, window, [...checkins, ...acceptances].sort(byLogIndex));
}

/** Every check-in at the organisation's meetings and every letter accepted at its kiosks, in the window. */
export async function orgBundle(ctx: BundleContext, principal: Principal, code: string, window: Window): Promise<Bundle> {
  const org = await requireOrg(ctx.read, code);
  authorize(principal, 'history.read', org);
  const days = dayWindow(window, ctx.calendar);
  const [checkins, acceptances] = await Promise.all([ctx.read.evidence.orgCheckins(org.id, days, MAX_BUNDLE_EVENTS + 1), ctx.read.evidence.orgAcceptances(org.id, days)]);
  return pack(ctx, { kind: 'org', org: org.code, name: org.name }, window, [...checkins, ...acceptances].sort(byLogIndex));
}
