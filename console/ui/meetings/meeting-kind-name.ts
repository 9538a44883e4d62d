import type { MeetingKind } from '../api/types.ts';
import type { Language } from '../i18n/messages.ts';

/** Meeting kinds are configuration on the server, with their names in both languages; an unknown code shows as itself. */
export const meetingKindName = (kinds: readonly MeetingKind[] | undefined, code: string, language: Language): string => {
  const kind = kinds?.find((candidate) => candidate.code === code);
  if (!kind) return code;
  return language === 'zh-CN' ? kind.nameZh : kind.nameEn;
};
