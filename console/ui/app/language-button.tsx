import { useLanguage } from '../i18n/language.tsx';

/** Written in the other language, so someone who cannot read the current one still finds it. */
export function LanguageButton() {
  const { messages, toggle, language } = useLanguage();
  return (
    <button type="button" className="button button--quiet language-button" onClick={toggle} lang={language === 'zh-CN' ? 'en' : 'zh-CN'} data-testid="switch-language">
      {messages.switchLanguage}
    </button>
  );
}
