import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en.ts';
import type { Language, Messages } from './messages.ts';
import { zhCN } from './zh-CN.ts';

export const CATALOGUES: Record<Language, Messages> = { 'zh-CN': zhCN, en };

const KEY = 'mic-console-language';

interface LanguageChoice {
  language: Language;
  messages: Messages;
  toggle(): void;
}

const LanguageContext = createContext<LanguageChoice>({ language: 'zh-CN', messages: zhCN, toggle: () => undefined });

function remembered(): Language {
  try {
    return window.localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/**
 * Chinese first; one button switches to English and back. Unlike the kiosk (shared by everyone at a
 * meeting), the console is one person's screen, so their choice is remembered on this computer.
 */
export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(remembered);
  const toggle = useCallback(() => setLanguage((current) => (current === 'zh-CN' ? 'en' : 'zh-CN')), []);
  useEffect(() => {
    // The document language picks Chinese glyph forms and tells screen readers what they read.
    document.documentElement.lang = language;
    document.title = CATALOGUES[language].appTitle;
    try {
      window.localStorage.setItem(KEY, language);
    } catch {
      // not remembered, nothing else lost
    }
  }, [language]);
  const choice = useMemo(() => ({ language, messages: CATALOGUES[language], toggle }), [language, toggle]);
  return <LanguageContext.Provider value={choice}>{children}</LanguageContext.Provider>;
}

export const useLanguage = (): LanguageChoice => useContext(LanguageContext);
export const useMessages = (): Messages => useContext(LanguageContext).messages;
