import type { KioskStatus } from '../../core/kiosk-api.ts';
import type { KioskApi } from '../bridge/kiosk-bridge.ts';
import { useMessages } from '../i18n/language.tsx';
import { ConfirmAction } from './confirm-action.tsx';

interface CancelTransferProps {
  api: KioskApi;
  status: KioskStatus;
  onCancelled: () => void;
  onBack: () => void;
}

/**
 * Stops this kiosk's two-tap acceptance; nothing was recorded before the secretary's tap, and nothing is sent, so the
 * letter stays open at the server and can be taken up again. The screen names the member and asks once.
 */
export function CancelTransfer({ api, status, onCancelled, onBack }: CancelTransferProps) {
  const messages = useMessages();
  const { mode } = status;
  const name = mode.kind === 'transfer' ? (mode.transfer.name ?? mode.transfer.member) : '';
  return (
    <ConfirmAction title={messages.transferCancel} confirmLabel={messages.transferCancel} confirm={() => api.cancel()} onConfirmed={onCancelled} onBack={onBack}>
      <p className="secretary__question">{messages.transferCancelQuestion(name)}</p>
      <p className="secretary__text">{messages.transferCancelHint}</p>
      {mode.kind === 'transfer' && mode.step === 'secretary' && <p className="secretary__text">{messages.transferCancelMemberTapped(mode.member?.name ?? name)}</p>}
    </ConfirmAction>
  );
}
