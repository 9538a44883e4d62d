import { useMessages } from '../i18n/language.tsx';
import { OfflineIcon } from './icons.tsx';

/**
 * Offline is normal for days at a time: the banner says so plainly and reassures that nothing is lost. The
 * style sheet shows one of its two wordings: the brief one over the secretary's screens on a small panel,
 * where their lists need the room a second line would take.
 */
export function OfflineBanner() {
  const messages = useMessages();
  return (
    <div className="offline-banner" role="status" data-testid="offline-banner">
      <OfflineIcon />
      <p className="offline-banner__full">{messages.offlineBanner}</p>
      <p className="offline-banner__brief">{messages.offlineBannerBrief}</p>
    </div>
  );
}
