import { useMessages } from '../i18n/language.tsx';
import { OfflineIcon } from './icons.tsx';

/** Offline is normal for days at a time: the banner says so plainly and reassures that nothing is lost. */
export function OfflineBanner() {
  const messages = useMessages();
  return (
    <div className="offline-banner" role="status" data-testid="offline-banner">
      <OfflineIcon />
      <p>{messages.offlineBanner}</p>
    </div>
  );
}
