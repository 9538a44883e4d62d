import { createHash } from 'node:crypto';
import { DAY_MS, isoTimestamp } from '../clock.ts';
import type { ServerContext } from '../context.ts';
import type { KioskConfig } from '../schemas/kiosks.ts';
import type { Kiosk } from '../store/repositories/kiosks.ts';
import { issuerJwks } from './issuers.ts';

/** How far back and ahead a kiosk is sent its organisation's meetings. */
export const MEETING_WINDOW = { pastMs: DAY_MS, aheadMs: 14 * DAY_MS };

export type KioskConfigContent = Omit<KioskConfig, 'serverTime'>;

/** '/1/4/17/' → '/1/': the tree the kiosk's organisation belongs to. */
const treeRoot = (path: string): string => `/${path.split('/')[1] ?? ''}/`;

export interface KioskConfigAnswer {
  /** strong, over exactly the content (serverTime is left out, so an unchanged configuration answers 304) */
  etag: string;
  /** the content, put together only for a kiosk that does not hold it yet */
  content(): KioskConfigContent;
}

/**
 * What a kiosk needs to work offline, and its ETag. The roster covers the kiosk's whole tree, because members may
 * attend any organisation's meeting: that is the large part, so it comes from ctx.kioskRosters (read again only when
 * the tree's version or the organisation's day has moved) and enters the ETag as its digest, as the revocation list
 * does. The rest is small and read on every request, so what time alone changes (the meetings' window, letters
 * lapsing) is always current; the secretaries enter the ETag as the list the roster is marked from.
 */
export async function kioskConfig(ctx: ServerContext, kiosk: Kiosk): Promise<KioskConfigAnswer> {
  const now = ctx.clock.now();
  const [roster, issuers, revocations, meetings, meetingKinds, transfers, secretaries] = await Promise.all([
    ctx.kioskRosters.of(ctx, treeRoot(kiosk.orgPath), ctx.calendar.dayOf(now)),
    issuerJwks(ctx),
    ctx.revocations.currentWithDigest(ctx.read.cards),
    ctx.read.meetings.list(
      { kind: 'org', path: kiosk.orgPath },
      { from: isoTimestamp(new Date(now.getTime() - MEETING_WINDOW.pastMs)), to: isoTimestamp(new Date(now.getTime() + MEETING_WINDOW.aheadMs)) },
    ),
    ctx.read.meetings.kinds(),
    ctx.read.transfers.openAddressedTo(kiosk.orgId, isoTimestamp(now)),
    ctx.read.users.secretaryMembers(kiosk.orgId),
  ]);
  const rest = {
    // What a secretary may open: a meeting closed at a kiosk takes no more check-ins (ingest refuses them).
    meetings: meetings
      .filter((meeting) => meeting.status !== 'cancelled' && meeting.status !== 'closed')
      .map((meeting) => ({
        id: meeting.id,
        org: meeting.orgCode,
        kind: meeting.kind,
        title: meeting.title,
        place: meeting.place,
        startsAt: meeting.startsAt,
        endsAt: meeting.endsAt,
        status: meeting.status,
      })),
    // A retired kind would only be refused in the kiosk's meeting.open; a rename reaches the kiosk's screen.
    meetingKinds: meetingKinds.filter((kind) => kind.active).map((kind) => ({ code: kind.code, nameZh: kind.nameZh, nameEn: kind.nameEn })),
    transfers: transfers.map((transfer) => ({
      id: transfer.id,
      member: transfer.memberNumber,
      name: transfer.memberName,
      fromOrg: transfer.fromOrgCode,
      fromOrgName: transfer.fromOrgName,
      toOrg: transfer.toOrgCode,
      expiresAt: transfer.expiresAt,
    })),
    timeZone: ctx.calendar.timeZone,
  };
  const hash = createHash('sha256').update(roster.digest).update(revocations.digest).update(JSON.stringify({ issuers, secretaries, ...rest }));
  return {
    etag: `"${hash.digest('base64url')}"`,
    content() {
      const isSecretary = new Set(secretaries);
      return {
        issuers,
        revocations: revocations.jws,
        roster: roster.lines.map((line) => (isSecretary.has(line.member) ? { ...line, role: 'secretary' as const } : line)),
        ...rest,
      };
    },
  };
}
