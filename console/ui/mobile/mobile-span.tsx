import type { MobilePeriod } from '../api/types.ts';
import { lastDayOf } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';

/** First and last day of a registration (the server's end is exclusive), or "open-ended". */
export function MobileSpan({ period }: { period: Pick<MobilePeriod, 'from' | 'to' | 'endedEarly'> }) {
  const m = useMessages();
  return (
    <>
      {period.from} – {period.to === null ? m.openEnded : lastDayOf(period.to)}
      {period.endedEarly && <span className="tag">{m.endedEarlyTag}</span>}
    </>
  );
}
