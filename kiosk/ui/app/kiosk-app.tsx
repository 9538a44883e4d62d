import { useState, type ReactNode } from 'react';
import type { KioskApi } from '../bridge/kiosk-bridge.ts';
import { OrgClockProvider } from '../i18n/org-clock.tsx';
import { OfflineBanner } from '../screens/offline-banner.tsx';
import { ResultScreen } from '../screens/result-screen.tsx';
import { ServiceLost } from '../screens/service-lost.tsx';
import { StatusBar } from '../screens/status-bar.tsx';
import { WaitingScreen } from '../screens/waiting-screen.tsx';
import { SecretaryScreens, type SecretaryRoute } from '../secretary/secretary-screens.tsx';
import { useChineseForNextMember } from './use-chinese-for-next-member.ts';
import { useKioskState } from './use-kiosk-state.ts';

/**
 * After the secretary screens close, how long they open again without the PIN: starting a transfer and
 * then cancelling it from the transfer screen should not ask twice.
 */
const UNLOCK_GRACE_MS = 2 * 60_000;

/**
 * The whole screen: the status bar (always), the offline banner (when offline), the member's waiting
 * screen or the secretary's screens, and over them, for a few seconds, the answer to the latest tap.
 */
export function KioskApp({ api }: { api: KioskApi }) {
  const kiosk = useKioskState(api);
  const [secretary, setSecretary] = useState<SecretaryRoute>();
  // Unlocked for the whole visit to the secretary screens (which close by themselves when left alone), so
  // a PIN set during the visit does not lock the secretary out halfway.
  const [unlocked, setUnlocked] = useState(false);
  const [graceUntil, setGraceUntil] = useState(0);
  const status = kiosk.status;
  useChineseForNextMember(secretary !== undefined, kiosk.tap !== undefined);

  const openSecretary = (route: SecretaryRoute): void => {
    setUnlocked(status?.adminPinSet === false || Date.now() < graceUntil);
    setSecretary(route);
  };
  const closeSecretary = (): void => {
    if (unlocked) setGraceUntil(Date.now() + UNLOCK_GRACE_MS);
    setUnlocked(false);
    setSecretary(undefined);
    kiosk.refresh();
  };

  const main = (): ReactNode => {
    if (status === undefined) return null;
    if (secretary) {
      return (
        <SecretaryScreens
          api={api}
          status={status}
          route={secretary}
          unlocked={unlocked || !status.adminPinSet}
          onUnlocked={() => setUnlocked(true)}
          onNavigate={setSecretary}
          onDone={closeSecretary}
        />
      );
    }
    return <WaitingScreen status={status} onSetUp={() => openSecretary('enrol')} onCancelTransfer={() => openSecretary('cancel-transfer')} />;
  };

  return (
    <OrgClockProvider timeZone={status?.config.timeZone}>
      <div className="kiosk">
        <StatusBar status={status} onSecretary={() => (secretary ? setSecretary('menu') : openSecretary('menu'))} />
        <div className="kiosk__body">
          {status?.enrolled && status.online === false && <OfflineBanner />}
          <main className="kiosk__main">{main()}</main>
          {kiosk.tap && (
            <ResultScreen key={kiosk.tap.serial} result={kiosk.tap.result} duringTransfer={status?.mode.kind === 'transfer'} onDone={kiosk.dismissTap} />
          )}
        </div>
        {!kiosk.connected && <ServiceLost />}
      </div>
    </OrgClockProvider>
  );
}
