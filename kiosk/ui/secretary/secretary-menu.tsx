import type { KioskStatus } from '../../core/kiosk-api.ts';
import type { KioskShell } from '../bridge/kiosk-bridge.ts';
import { useMessages } from '../i18n/language.tsx';
import type { SecretaryRoute } from './secretary-screens.tsx';
import { SecretaryPanel } from './secretary-panel.tsx';

interface SecretaryMenuProps {
  status: KioskStatus;
  shell: KioskShell;
  onChoose: (route: SecretaryRoute) => void;
  onDone: () => void;
}

/** Only what makes sense right now is offered: no "close the meeting" without one, no set-up twice. */
export function SecretaryMenu({ status, shell, onChoose, onDone }: SecretaryMenuProps) {
  const messages = useMessages();
  const { mode } = status;
  const items: { route: SecretaryRoute; label: string; primary?: boolean }[] = [];
  if (!status.enrolled) items.push({ route: 'enrol', label: messages.menuEnrol, primary: true });
  if (status.enrolled && mode.kind === 'idle') {
    items.push({ route: 'open-meeting', label: messages.menuOpenMeeting, primary: true });
    items.push({ route: 'transfer', label: messages.menuTransfer });
  }
  if (mode.kind === 'meeting') items.push({ route: 'close-meeting', label: messages.menuCloseMeeting, primary: true });
  if (mode.kind === 'transfer') items.push({ route: 'cancel-transfer', label: messages.transferCancel, primary: true });
  items.push({ route: 'set-pin', label: messages.menuSetPin });
  items.push({ route: 'info', label: messages.menuInfo });
  if (shell === 'electron') items.push({ route: 'leave', label: messages.menuLeave });

  return (
    <SecretaryPanel title={messages.adminTitle} onBack={onDone}>
      {!status.adminPinSet && <p className="secretary__notice">{messages.setPinFirstHint}</p>}
      <nav className="menu">
        {items.map((item) => (
          <button
            key={item.route}
            type="button"
            className={`button button--large ${item.primary ? 'button--primary' : 'button--secondary'}`}
            onClick={() => onChoose(item.route)}
          >
            {item.label}
          </button>
        ))}
      </nav>
    </SecretaryPanel>
  );
}
