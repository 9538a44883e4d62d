import { useState, type FormEvent } from 'react';
import type { MobilePeriod } from '../api/types.ts';
import { Dialog, DialogButtons } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { useAction } from '../components/use-action.ts';
import { daysFromToday, endAfter, lastDayOf } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';
import { MobileSpan } from './mobile-span.tsx';

/**
 * Extending asks for the new last day. Ending early asks for the first day the member is no longer a mobile
 * member there (today by default: from today they count as a visitor); the past cannot be rewritten.
 */
export function ChangeEndDialog({ period, kind, onClose, onChanged }: { period: MobilePeriod; kind: 'extend' | 'end'; onClose(): void; onChanged(text: string): void }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const today = daysFromToday(0);
  const currentLast = period.to === null ? undefined : lastDayOf(period.to);
  const [day, setDay] = useState(kind === 'end' ? (period.from >= today ? endAfter(period.from) : today) : (currentLast ?? today));
  const action = useAction();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void action.run(async () => {
      if (kind === 'extend') {
        await api.extendMobile(period.id, endAfter(day));
        onChanged(m.extendedNotice(period.memberName, day));
      } else {
        await api.endMobile(period.id, day);
        onChanged(m.endedNotice(period.memberName, day));
      }
      return undefined;
    });
  };
  return (
    <Dialog title={kind === 'extend' ? m.extendTitle : m.endEarlyTitle} onClose={onClose} testId="mobile-dialog">
      <form onSubmit={submit}>
        <p>
          {m.mobileCurrentPeriod(period.memberName, period.orgName)} <MobileSpan period={period} />
        </p>
        <label className="field">
          <span className="field__label">{kind === 'extend' ? m.newLastDay : m.endOn}</span>
          <input
            type="date"
            value={day}
            min={kind === 'extend' ? currentLast : today}
            max={kind === 'end' ? currentLast : undefined}
            onChange={(event) => setDay(event.target.value)}
            required
            data-testid="mobile-day"
          />
          {kind === 'end' && <span className="field__hint">{m.endOnHint}</span>}
        </label>
        <ErrorNotice failure={action.error} />
        <DialogButtons label={kind === 'extend' ? m.extend : m.endEarly} tone={kind === 'extend' ? 'primary' : 'danger'} disabled={action.busy} testId="confirm-mobile" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
