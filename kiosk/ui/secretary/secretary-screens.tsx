import type { KioskStatus } from '../../core/kiosk-api.ts';
import { useUntouched } from '../app/use-untouched.ts';
import type { KioskApi } from '../bridge/kiosk-bridge.ts';
import { CancelTransfer } from './cancel-transfer.tsx';
import { CloseMeeting } from './close-meeting.tsx';
import { EnrolForm } from './enrol-form.tsx';
import { KioskInfo } from './kiosk-info.tsx';
import { LeaveKiosk } from './leave-kiosk.tsx';
import { OpenMeeting } from './open-meeting.tsx';
import { SecretaryMenu } from './secretary-menu.tsx';
import { SetPin } from './set-pin.tsx';
import { TransferChoice } from './transfer-choice.tsx';
import { Unlock } from './unlock.tsx';

export type SecretaryRoute = 'menu' | 'open-meeting' | 'close-meeting' | 'transfer' | 'cancel-transfer' | 'enrol' | 'set-pin' | 'leave' | 'info';

/** A secretary who walks away leaves the screens open; after this long untouched they close by themselves. */
const IDLE_CLOSE_MS = 3 * 60_000;

interface SecretaryScreensProps {
  api: KioskApi;
  status: KioskStatus;
  route: SecretaryRoute;
  unlocked: boolean;
  onUnlocked: () => void;
  onNavigate: (route: SecretaryRoute) => void;
  onDone: () => void;
}

export function SecretaryScreens({ api, status, route, unlocked, onUnlocked, onNavigate, onDone }: SecretaryScreensProps) {
  useUntouched(IDLE_CLOSE_MS, true, onDone);

  if (!unlocked) return <Unlock api={api} onUnlocked={onUnlocked} onBack={onDone} />;
  const toMenu = (): void => onNavigate('menu');
  switch (route) {
    case 'menu':
      return <SecretaryMenu status={status} shell={api.shell} onChoose={onNavigate} onDone={onDone} />;
    case 'open-meeting':
      return <OpenMeeting api={api} onOpened={onDone} onBack={toMenu} />;
    case 'close-meeting':
      return <CloseMeeting api={api} status={status} onClosed={onDone} onBack={toMenu} />;
    case 'transfer':
      return <TransferChoice api={api} onStarted={onDone} onBack={toMenu} />;
    case 'cancel-transfer':
      return <CancelTransfer api={api} status={status} onCancelled={onDone} onBack={onDone} />;
    case 'enrol':
      return <EnrolForm api={api} onEnrolled={onDone} onBack={status.enrolled ? toMenu : onDone} />;
    case 'set-pin':
      return <SetPin api={api} status={status} onBack={toMenu} />;
    case 'leave':
      return <LeaveKiosk api={api} onBack={toMenu} />;
    case 'info':
      return <KioskInfo api={api} status={status} onBack={toMenu} />;
  }
}
