import type { MeetingKind } from '../../core/kiosk-api.ts';
import type { KnownMeetingKind, Language, Messages } from './messages.ts';

export const KNOWN_MEETING_KINDS: readonly KnownMeetingKind[] = ['general_meeting', 'committee', 'group', 'lecture', 'theme_day', 'other'];

const isKnown = (kind: string): kind is KnownMeetingKind => (KNOWN_MEETING_KINDS as readonly string[]).includes(kind);

/** A kind the secretary can choose, named in the screen's language. */
export interface MeetingKindChoice {
  code: string;
  name: string;
}

/** Chinese first; the English name in English, where the server gives one. */
const serverName = (kind: MeetingKind, language: Language): string => (language === 'en' && kind.nameEn ? kind.nameEn : kind.nameZh);

/**
 * The kinds an ad-hoc meeting may be: exactly the server's (`kinds`), named as it names them; while the kiosk
 * has no list from its server (null: not synced yet, or a server older than the list), the seeded kinds.
 */
export function meetingKindChoices(messages: Messages, language: Language, kinds: readonly MeetingKind[] | null): MeetingKindChoice[] {
  if (kinds) return kinds.map((kind) => ({ code: kind.code, name: serverName(kind, language) }));
  return KNOWN_MEETING_KINDS.map((code) => ({ code, name: messages.meetingKinds[code] }));
}

/** A meeting's kind by name: the server's name, else this build's; a kind neither knows (retired since) shows as its code. */
export function meetingKindLabel(messages: Messages, language: Language, kinds: readonly MeetingKind[] | null, code: string): string {
  const named = kinds?.find((kind) => kind.code === code);
  if (named) return serverName(named, language);
  return isKnown(code) ? messages.meetingKinds[code] : code;
}
