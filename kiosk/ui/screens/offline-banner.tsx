import { useMessages } from '../i18n/language.tsx';
import { OfflineIcon } from './icons.tsx';

/**
 * Offline is normal for days at a time: the banner says so plainly and reassures that nothing is lost. The
 * style sheet shows one of its two wordings: the brief one on a panel shorter than 1280 × 800, where the
 * screen below, the member's or the secretary's, needs the room the longer one's extra lines would take.
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
