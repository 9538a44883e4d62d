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

/**
 * What a kiosk needs to work offline, and a strong ETag over exactly that content (serverTime is left
 * out, so an unchanged configuration answers 304).
 * The roster covers the kiosk's whole tree, because members may attend any organisation's meeting.
 */
export async function kioskConfig(ctx: ServerContext, kiosk: Kiosk): Promise<{ content: KioskConfigContent; etag: string }> {
  const now = ctx.clock.now();
  const [issuers, revocations, roster, meetings, meetingKinds, transfers, secretaries] = await Promise.all([
    issuerJwks(ctx),
    ctx.revocations.current(ctx.read.cards),
    ctx.read.members.roster({ kind: 'subtree', path: treeRoot(kiosk.orgPath) }, ctx.calendar.dayOf(now)),
    ctx.read.meetings.list(
      { kind: 'org', path: kiosk.orgPath },
      { from: isoTimestamp(new Date(now.getTime() - MEETING_WINDOW.pastMs)), to: isoTimestamp(new Date(now.getTime() + MEETING_WINDOW.aheadMs)) },
    ),
    ctx.read.meetings.kinds(),
    ctx.read.transfers.openAddressedTo(kiosk.orgId, isoTimestamp(now)),
    ctx.read.users.secretaryMembers(kiosk.orgId),
  ]);
  const isSecretary = new Set(secretaries);
  const content: KioskConfigContent = {
    issuers,
    revocations: revocations.jws,
    roster: roster.map((entry) => ({
      member: entry.memberNumber,
      name: entry.name,
      org: entry.homeOrgCode,
      orgName: entry.homeOrgName,
      ...(isSecretary.has(entry.memberNumber) ? { role: 'secretary' as const } : {}),
    })),
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
  const etag = `"${createHash('sha256').update(JSON.stringify(content)).digest('base64url')}"`;
  return { content, etag };
}
