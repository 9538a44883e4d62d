import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en.ts';
import type { Language, Messages } from './messages.ts';
import { zhCN } from './zh-CN.ts';

const CATALOGUES: Record<Language, Messages> = { 'zh-CN': zhCN, en };

interface LanguageChoice {
  language: Language;
  messages: Messages;
  toggle(): void;
  /** back to Chinese, the kiosk's own language (use-chinese-for-next-member.ts says when) */
  chinese(): void;
}

const LanguageContext = createContext<LanguageChoice>({ language: 'zh-CN', messages: zhCN, toggle: () => undefined, chinese: () => undefined });

/** Chinese first; one button switches to English and back. Not remembered: the next start is Chinese again. */
export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>('zh-CN');
  const toggle = useCallback(() => setLanguage((current) => (current === 'zh-CN' ? 'en' : 'zh-CN')), []);
  const chinese = useCallback(() => setLanguage('zh-CN'), []);
  useEffect(() => {
    // The document language picks Chinese glyph forms and tells screen readers what they read.
    document.documentElement.lang = language;
    document.title = CATALOGUES[language].appTitle;
  }, [language]);
  const choice = useMemo(() => ({ language, messages: CATALOGUES[language], toggle, chinese }), [language, toggle, chinese]);
  return <LanguageContext.Provider value={choice}>{children}</LanguageContext.Provider>;
}

export const useLanguage = (): LanguageChoice => useContext(LanguageContext);
export const useMessages = (): Messages => useContext(LanguageContext).messages;
