import type { ReactNode } from 'react';
import type { Reply } from '../bridge/kiosk-bridge.ts';
import { useMessages } from '../i18n/language.tsx';
import { ErrorMessage, SecretaryPanel } from './secretary-panel.tsx';
import { useCall } from './use-call.ts';

interface ConfirmActionProps {
  title: string;
  /** the label of the one button that acts */
  confirmLabel: string;
  confirm: () => Promise<Reply<void>>;
  onConfirmed: () => void;
  onBack: () => void;
  /** what the secretary is asked, above the buttons */
  children?: ReactNode;
}

/** One action that ends something (a meeting, a transfer acceptance): asked once, with a big way back. */
export function ConfirmAction({ title, confirmLabel, confirm, onConfirmed, onBack, children }: ConfirmActionProps) {
  const messages = useMessages();
  const call = useCall();
  return (
    <SecretaryPanel title={title} onBack={onBack}>
      {children}
      <ErrorMessage error={call.error} />
      <div className="actions">
        <button type="button" className="button button--danger button--large" disabled={call.busy} onClick={() => call.run(confirm, onConfirmed)}>
          {call.busy ? messages.working : confirmLabel}
        </button>
        <button type="button" className="button button--secondary button--large" onClick={onBack}>
          {messages.back}
        </button>
      </div>
    </SecretaryPanel>
  );
}
