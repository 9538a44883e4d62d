import type { IssuerKeyFile } from '../../../shared/issuance/issuer-key.ts';
import { MeetingSchema } from '../../../server/schemas/meetings.ts';
import { TransferSchema } from '../../../server/schemas/transfers.ts';
import { createMember } from '../../server/support/fixtures.ts';
import { expectOk } from '../../server/support/http.ts';
import { ingest, issueCard, KioskSigner, registerCard, type TestCard } from '../../server/support/ingest-world.ts';
import type { TestServer } from '../../server/support/test-server.ts';
import { act, issued } from '../../server/support/transfer-world.ts';

/*
 * Past organisational life, put on the server the way it really arrives: meetings scheduled through the
 * API, check-ins as kiosk-signed events with real card taps (reference applet) posted to /api/v1/events.
 */

/** Members of the fixtures have been members since before the history begins. */
export const MEMBER_SINCE = '2024-01-01';
/** Their cards were issued then too, so every tap in the history is inside the credential's validity. */
const CARD_ISSUED = new Date('2024-12-01T00:00:00Z');

/** A member with a home since MEMBER_SINCE and a registered card issued before the history. */
export async function memberWithOldCard(t: TestServer, issuer: IssuerKeyFile, org: string, name: string): Promise<TestCard> {
  const card = await issueCard(issuer, await createMember(t, org, { name, since: MEMBER_SINCE }), { now: CARD_ISSUED, validDays: 3650 });
  await registerCard(t, card);
  return card;
}

/** A meeting scheduled at `startsAt` (two hours long). */
export async function meetingAt(t: TestServer, org: string, kind: string, startsAt: string, title?: string): Promise<string> {
  const start = new Date(startsAt);
  const body = { org, kind, title, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString() };
  return expectOk(await t.call('POST', '/api/v1/meetings', { token: await t.adminToken(), json: body }), 201, MeetingSchema).id;
}

export interface Tap {
  card: TestCard;
  meeting: string;
  /** the tap's time, RFC 3339 */
  at: string;
}

/** Every tap checked in on one kiosk of `org`, in the order given, as one batch; all must be accepted. */
export async function checkIns(t: TestServer, org: string, taps: readonly Tap[]): Promise<void> {
  const kiosk = new KioskSigner(await t.enrollKiosk(org, `${org} kiosk`));
  const events: string[] = [];
  for (const tap of taps) events.push(await kiosk.checkin(tap.card, tap.meeting, { at: tap.at }));
  const receipts = await ingest(t, kiosk.kiosk, events);
  const refused = receipts.filter((receipt) => receipt.status !== 'accepted');
  if (refused.length > 0) throw new Error(`check-ins refused: ${JSON.stringify(refused)}`);
}

/** A letter issued and accepted through the API (the receiving organisation accepts it today). */
export async function acceptedTransfer(t: TestServer, member: string, toOrg: string): Promise<void> {
  const letter = await issued(t, member, toOrg);
  expectOk(await act(t, await t.adminToken(), letter.id, 'accept'), 200, TransferSchema);
}

/** A mobile registration through the API (`to` exclusive, as the API takes it). */
export async function mobileRegistration(t: TestServer, member: string, org: string, from: string, to: string): Promise<void> {
  const response = await t.call('POST', `/api/v1/members/${member}/mobile-periods`, { token: await t.adminToken(), json: { org, from, to, reason: '外出务工' } });
  if (response.status !== 201) throw new Error(`mobile registration refused: ${response.text}`);
}
