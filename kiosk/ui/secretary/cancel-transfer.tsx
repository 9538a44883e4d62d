import type { KioskApi } from '../bridge/kiosk-bridge.ts';
import { useMessages } from '../i18n/language.tsx';
import { ErrorMessage, SecretaryPanel } from './secretary-panel.tsx';
import { useCall } from './use-call.ts';

/** Abandons the transfer acceptance under way; nothing was recorded until the secretary's tap. */
export function CancelTransfer({ api, onCancelled, onBack }: { api: KioskApi; onCancelled: () => void; onBack: () => void }) {
  const messages = useMessages();
  const call = useCall();
  return (
    <SecretaryPanel title={messages.transferCancel} onBack={onBack}>
      <ErrorMessage error={call.error} />
      <div className="actions">
        <button type="button" className="button button--danger button--large" disabled={call.busy} onClick={() => call.run(() => api.cancel(), onCancelled)}>
          {call.busy ? messages.working : messages.transferCancel}
        </button>
        <button type="button" className="button button--secondary button--large" onClick={onBack}>
          {messages.back}
        </button>
      </div>
    </SecretaryPanel>
  );
}
