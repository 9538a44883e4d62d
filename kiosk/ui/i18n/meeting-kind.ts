import type { KnownMeetingKind, Messages } from './messages.ts';

export const KNOWN_MEETING_KINDS: readonly KnownMeetingKind[] = ['general_meeting', 'committee', 'group', 'lecture', 'theme_day', 'other'];

const isKnown = (kind: string): kind is KnownMeetingKind => (KNOWN_MEETING_KINDS as readonly string[]).includes(kind);

/** A kind the server added after this build shows as its code rather than not at all. */
export const meetingKindLabel = (messages: Messages, kind: string): string => (isKnown(kind) ? messages.meetingKinds[kind] : kind);
