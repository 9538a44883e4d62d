import { ApiError } from '../errors.ts';
import type { ReadStore } from '../store/store.ts';
import type { Card } from '../store/repositories/cards.ts';
import type { Member } from '../store/repositories/members.ts';
import type { Meeting, MeetingKind } from '../store/repositories/meetings.ts';
import type { Org } from '../store/repositories/orgs.ts';

/** Loads that turn "not there" into the stable not-found code. */
export async function requireOrg(read: ReadStore, code: string): Promise<Org> {
  const org = await read.orgs.byCode(code);
  if (!org) throw new ApiError('ERR_ORG_NOT_FOUND', `no organisation has code ${code}`, { org: code });
  return org;
}

export async function requireMember(read: ReadStore, memberNumber: string): Promise<Member> {
  const member = await read.members.byNumber(memberNumber);
  if (!member) throw new ApiError('ERR_MEMBER_NOT_FOUND', `no member has number ${memberNumber}`, { member: memberNumber });
  return member;
}

export async function requireCard(read: ReadStore, csn: string): Promise<Card> {
  const card = await read.cards.byCsn(csn);
  if (!card) throw new ApiError('ERR_CARD_NOT_FOUND', `no card has serial ${csn}`, { csn });
  return card;
}

/** A kind configured at some time, in use or retired: old meetings keep a retired kind. */
export async function requireMeetingKind(read: ReadStore, code: string): Promise<MeetingKind> {
  const kind = (await read.meetings.kinds()).find((candidate) => candidate.code === code);
  if (!kind) throw new ApiError('ERR_MEETING_KIND_UNKNOWN', `meeting kind ${code} is not configured (GET /meeting-kinds lists them)`, { kind: code });
  return kind;
}

export async function requireMeeting(read: ReadStore, id: string): Promise<Meeting> {
  const meeting = await read.meetings.byId(id);
  if (!meeting) throw new ApiError('ERR_MEETING_NOT_FOUND', `no meeting has id ${id}`, { meeting: id });
  return meeting;
}
