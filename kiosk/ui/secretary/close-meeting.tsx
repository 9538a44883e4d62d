import type { KioskStatus } from '../../core/kiosk-api.ts';
import type { KioskApi } from '../bridge/kiosk-bridge.ts';
import { useMessages } from '../i18n/language.tsx';
import { ErrorMessage, SecretaryPanel } from './secretary-panel.tsx';
import { useCall } from './use-call.ts';

interface CloseMeetingProps {
  api: KioskApi;
  status: KioskStatus;
  onClosed: () => void;
  onBack: () => void;
}

/** Closing is final for check-in, so the screen names the meeting and asks once. */
export function CloseMeeting({ api, status, onClosed, onBack }: CloseMeetingProps) {
  const messages = useMessages();
  const call = useCall();
  const title = status.mode.kind === 'meeting' ? status.mode.meeting.title : '';
  return (
    <SecretaryPanel title={messages.menuCloseMeeting} onBack={onBack}>
      <p className="secretary__question">{messages.closeMeetingQuestion(title)}</p>
      <p className="secretary__text">{messages.closeMeetingHint}</p>
      <ErrorMessage error={call.error} />
      <div className="actions">
        <button type="button" className="button button--danger button--large" disabled={call.busy} onClick={() => call.run(() => api.closeMeeting(), onClosed)}>
          {call.busy ? messages.working : messages.closeMeetingConfirm}
        </button>
        <button type="button" className="button button--secondary button--large" onClick={onBack}>
          {messages.back}
        </button>
      </div>
    </SecretaryPanel>
  );
}
