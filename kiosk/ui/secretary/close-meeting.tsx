import type { KioskStatus } from '../../core/kiosk-api.ts';
import type { KioskApi } from '../bridge/kiosk-bridge.ts';
import { useMessages } from '../i18n/language.tsx';
import { ConfirmAction } from './confirm-action.tsx';

interface CloseMeetingProps {
  api: KioskApi;
  status: KioskStatus;
  onClosed: () => void;
  onBack: () => void;
}

/** Closing is final for check-in, so the screen names the meeting and asks once. */
export function CloseMeeting({ api, status, onClosed, onBack }: CloseMeetingProps) {
  const messages = useMessages();
  const title = status.mode.kind === 'meeting' ? status.mode.meeting.title : '';
  return (
    <ConfirmAction title={messages.menuCloseMeeting} confirmLabel={messages.closeMeetingConfirm} confirm={() => api.closeMeeting()} onConfirmed={onClosed} onBack={onBack}>
      <p className="secretary__question">{messages.closeMeetingQuestion(title)}</p>
      <p className="secretary__text">{messages.closeMeetingHint}</p>
    </ConfirmAction>
  );
}
