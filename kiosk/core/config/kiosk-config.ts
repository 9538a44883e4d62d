import { IssuerTrust } from '../../../shared/verify/issuer-trust.ts';
import type { RevocationSet } from '../../../shared/verify/revocation.ts';
import type { KioskConfigBody, MeetingKind, RosterEntry, ScheduledMeeting, Transfer } from './config-schema.ts';

/**
 * A configuration whose revocation list has been verified: everything a card session needs to decide a
 * tap offline, with lookups by member, meeting and transfer.
 */
export class KioskConfig {
  readonly trust: IssuerTrust;
  private readonly byMember: Map<string, RosterEntry>;
  private readonly byMeeting: Map<string, ScheduledMeeting>;
  private readonly byTransfer: Map<string, Transfer>;

  constructor(
    readonly body: KioskConfigBody,
    readonly revocations: RevocationSet,
    readonly fetchedAt: string,
  ) {
    this.trust = new IssuerTrust(body.issuers);
    this.byMember = new Map(body.roster.map((entry) => [entry.member, entry]));
    this.byMeeting = new Map(body.meetings.map((meeting) => [meeting.id, meeting]));
    this.byTransfer = new Map(body.transfers.map((transfer) => [transfer.id, transfer]));
  }

  get meetings(): readonly ScheduledMeeting[] {
    return this.body.meetings;
  }

  /** undefined when the server sent no list (one older than it) */
  get meetingKinds(): readonly MeetingKind[] | undefined {
    return this.body.meetingKinds;
  }

  /** undefined when the server named no zone (one older than it) */
  get timeZone(): string | undefined {
    return this.body.timeZone;
  }

  get transfers(): readonly Transfer[] {
    return this.body.transfers;
  }

  member(member: string): RosterEntry | undefined {
    return this.byMember.get(member);
  }

  meeting(id: string): ScheduledMeeting | undefined {
    return this.byMeeting.get(id);
  }

  transfer(id: string): Transfer | undefined {
    return this.byTransfer.get(id);
  }
}
