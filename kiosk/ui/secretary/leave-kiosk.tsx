import type { KioskApi } from '../bridge/kiosk-bridge.ts';
import { useMessages } from '../i18n/language.tsx';
import { PinPad } from './pin-pad.tsx';
import { ErrorMessage, SecretaryPanel } from './secretary-panel.tsx';
import { useCall } from './use-call.ts';

/** Electron only: the PIN again (checked on the Node side), then the kiosk app quits to the desktop. */
export function LeaveKiosk({ api, onBack }: { api: KioskApi; onBack: () => void }) {
  const messages = useMessages();
  const call = useCall();
  return (
    <SecretaryPanel title={messages.leaveTitle} onBack={onBack}>
      <p className="secretary__text">{messages.leaveHint}</p>
      <PinPad busy={call.busy} submitLabel={messages.leaveSubmit} onSubmit={(pin) => call.run(() => api.leaveKioskMode(pin))}>
        <ErrorMessage error={call.error} />
      </PinPad>
    </SecretaryPanel>
  );
}
