/** A clone or fork alarm ingest raised, as the security rules read it. */
export interface SecurityAlarm {
  id: number;
  type: 'clone' | 'fork';
  kioskKid: string;
  kioskName: string;
  /** the kiosk's organisation */
  orgId: number;
  csn: string | null;
  /** the events that are the evidence (UUIDs) */
  eventIds: string[];
  at: string;
}

/** An accepted `card.denied` event: its card serial and time are in the signed payload (`jws`) only. */
export interface CardDenialEvent {
  eventId: string;
  kioskKid: string;
  /** the kiosk's organisation */
  orgId: number;
  jws: string;
  receivedAt: string;
}

/** Whose a card is, and the member's home organisation today (null without an open home period). */
export interface CardOwner {
  csn: string;
  memberId: number;
  homeOrgId: number | null;
}

export interface SecuritySignalReader {
  /** clone and fork alarms: every one raised at or after `since`, or exactly those with these ids */
  alarms(select: { since: string } | { ids: readonly number[] }): Promise<SecurityAlarm[]>;
  /** accepted card.denied events received at or after `since`, from these kiosks or from every kiosk */
  denials(since: string, kids: readonly string[] | 'all'): Promise<CardDenialEvent[]>;
  cardOwners(csns: readonly string[]): Promise<CardOwner[]>;
  /** the serials of these members' cards (any status) that have a live repeated-denial finding */
  deniedCardsOf(memberIds: readonly number[]): Promise<string[]>;
}
