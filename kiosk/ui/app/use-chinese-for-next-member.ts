import { useEffect, useRef } from 'react';
import { useLanguage } from '../i18n/language.tsx';
import type { Language } from '../i18n/messages.ts';
import { useUntouched } from './use-untouched.ts';

/**
 * How long English stays on the member's screens with nobody touching them. A member who pressed English has
 * half a minute to find their card, and any touch starts it again; whoever pressed it and walked away leaves it
 * to the next member for no longer than that. Members of a queue come seconds apart, but each one's answer
 * already brings Chinese back (below), so this only catches the English nobody tapped after.
 */
export const ENGLISH_UNTOUCHED_MS = 30_000;

/**
 * English is one member's choice, not the kiosk's: the member's screens go back to Chinese once the answer to
 * a tap shown in English has gone, when the secretary's screens close, and after ENGLISH_UNTOUCHED_MS. The
 * secretary's screens keep whatever language the secretary reads while they are open.
 */
export function useChineseForNextMember(secretaryOpen: boolean, answerShown: boolean): void {
  const { language, chinese } = useLanguage();

  // The language the answer came in, which the member who tapped chose: English chosen while it showed is the next member's.
  const answeredIn = useRef<Language | undefined>(undefined);
  useEffect(() => {
    if (answerShown) {
      answeredIn.current ??= language;
      return;
    }
    if (answeredIn.current === 'en' && !secretaryOpen) chinese();
    answeredIn.current = undefined;
  }, [answerShown, language, secretaryOpen, chinese]);

  const wasSecretaryOpen = useRef(secretaryOpen);
  useEffect(() => {
    if (wasSecretaryOpen.current && !secretaryOpen) chinese();
    wasSecretaryOpen.current = secretaryOpen;
  }, [secretaryOpen, chinese]);

  useUntouched(ENGLISH_UNTOUCHED_MS, !secretaryOpen && !answerShown && language !== 'zh-CN', chinese);
}
