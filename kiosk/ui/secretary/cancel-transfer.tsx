import type { KioskApi } from '../bridge/kiosk-bridge.ts';
import { useMessages } from '../i18n/language.tsx';
import { ConfirmAction } from './confirm-action.tsx';

/** Abandons the transfer acceptance under way; nothing was recorded until the secretary's tap. */
export function CancelTransfer({ api, onCancelled, onBack }: { api: KioskApi; onCancelled: () => void; onBack: () => void }) {
  const messages = useMessages();
  return (
    <ConfirmAction title={messages.transferCancel} confirmLabel={messages.transferCancel} confirm={() => api.cancel()} onConfirmed={onCancelled} onBack={onBack} />
  );
}
