import { NETWORK_FAILURE, type ApiFailure } from '../api/http-client.ts';
import { useMessages } from '../i18n/language.tsx';
import type { Messages } from '../i18n/messages.ts';

/** What the failed health request says about the server: it answers 503 only when its database does not answer. */
const reasonOf = (failure: ApiFailure): keyof Messages['zoneUnknown'] => (failure.code === NETWORK_FAILURE ? 'network' : failure.status === 503 ? 'database' : 'other');

/**
 * In place of a page, when the server has not said the organisation's time zone: the pages show times, so
 * none opens. Says what is wrong and what to do, and asks again at the press of a button; the frame around it
 * (menu, language, signing out) works as ever.
 */
export function ZoneUnknown({ failure, onTryAgain }: { failure: ApiFailure; onTryAgain(): void }) {
  const m = useMessages();
  const reason = reasonOf(failure);
  return (
    <section data-testid="zone-unknown" data-reason={reason}>
      <div className="page__head">
        <h1>{m.zoneUnknownTitle}</h1>
      </div>
      <div className="notice notice--error" role="alert">
        <p className="notice__main">{m.zoneUnknown[reason]}</p>
        {/* Not the server's own words: its health answer carries its clock, a time in no one's zone. The status is what the administrator asks for. */}
        <p className="notice__detail">
          <span className="code">GET /api/v1/health: {failure.status === 0 ? failure.code : `HTTP ${failure.status}`}</span>
        </p>
      </div>
      <button type="button" className="button button--primary" onClick={onTryAgain} data-testid="try-again">
        {m.tryAgain}
      </button>
    </section>
  );
}
