import type { MeetingKind } from '../api/types.ts';
import type { Language } from '../i18n/messages.ts';

/** Meeting kinds are configuration on the server, with their names in both languages. */
export const kindName = (kind: MeetingKind, language: Language): string => (language === 'zh-CN' ? kind.nameZh : kind.nameEn);

/** The name of the kind with this code; an unknown code shows as itself. */
export const meetingKindName = (kinds: readonly MeetingKind[] | undefined, code: string, language: Language): string => {
  const kind = kinds?.find((candidate) => candidate.code === code);
  return kind ? kindName(kind, language) : code;
};
