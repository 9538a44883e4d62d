import type { ReactNode } from 'react';
import type { ReplyError } from '../bridge/kiosk-bridge.ts';
import { errorText } from '../i18n/error-text.ts';
import { useMessages } from '../i18n/language.tsx';

interface SecretaryPanelProps {
  title: string;
  /**
   * beside the title, in the room a short title leaves: a word about the whole screen, or what went wrong, on a
   * screen whose lists need every row of the body
   */
  aside?: ReactNode;
  onBack: () => void;
  children: ReactNode;
}

/** The frame of every secretary screen: a title, a big way back, and the content. */
export function SecretaryPanel({ title, aside, onBack, children }: SecretaryPanelProps) {
  const messages = useMessages();
  return (
    <section className="secretary" aria-label={title}>
      <header className="secretary__header">
        <button type="button" className="button button--secondary" onClick={onBack}>
          ← {messages.back}
        </button>
        <h1 className="secretary__title">{title}</h1>
        {aside && <div className="secretary__aside">{aside}</div>}
      </header>
      <div className="secretary__body">{children}</div>
    </section>
  );
}

/** A failed action: what went wrong and what to do, read out at once by screen readers. */
export function ErrorMessage({ error }: { error: ReplyError | undefined }) {
  const messages = useMessages();
  if (!error) return null;
  return (
    <p className="secretary__error" role="alert" data-testid="secretary-error" data-code={error.code}>
      {errorText(messages, error)}
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="secretary__notice" role="status">
      {children}
    </p>
  );
}
