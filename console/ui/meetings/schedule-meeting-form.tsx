import { useState, type FormEvent } from 'react';
import type { MeetingKind } from '../api/types.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { OrgSelect } from '../components/org-select.tsx';
import { useAction } from '../components/use-action.ts';
import { daysFromToday, instantOf } from '../i18n/format.ts';
import { useLanguage } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';
import { kindName } from './meeting-kind-name.ts';

/**
 * A secretary schedules for their own branch (the only one they can choose); organisers for any within reach.
 * The times typed are the organisation's clock, as the kiosks and the meeting's members read it.
 */
export function ScheduleMeetingForm({ kinds, onDone, onCancel }: { kinds: MeetingKind[]; onDone(): void; onCancel(): void }) {
  const { messages: m, language } = useLanguage();
  const { api, user } = useSignedIn();
  const [org, setOrg] = useState(user.role === 'secretary' ? (user.org ?? '') : '');
  const [kind, setKind] = useState('');
  const [title, setTitle] = useState('');
  const [place, setPlace] = useState('');
  const [startsAt, setStartsAt] = useState(`${daysFromToday(7)}T09:00`);
  const [endsAt, setEndsAt] = useState(`${daysFromToday(7)}T11:00`);
  const action = useAction();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void action.run(async () => {
      await api.scheduleMeeting({
        org,
        kind,
        title: title.trim() || undefined,
        place: place.trim() || undefined,
        startsAt: instantOf(startsAt),
        endsAt: instantOf(endsAt),
      });
      onDone();
      return undefined;
    });
  };

  return (
    <form className="panel form-grid" onSubmit={submit} data-testid="schedule-form">
      <h2 className="panel__title form-grid__wide">{m.scheduleMeeting}</h2>
      <OrgSelect label={m.organisation} value={org} onChange={setOrg} required />
      <label className="field">
        <span className="field__label">{m.meetingKind}</span>
        <select value={kind} onChange={(event) => setKind(event.target.value)} required>
          <option value="">{m.choose}</option>
          {kinds.map((option) => (
            <option key={option.code} value={option.code}>
              {kindName(option, language)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">{m.meetingTitle}</span>
        <input value={title} onChange={(event) => setTitle(event.target.value)} maxLength={200} placeholder={m.meetingTitleOptional} />
      </label>
      <label className="field">
        <span className="field__label">{m.place}</span>
        <input value={place} onChange={(event) => setPlace(event.target.value)} maxLength={200} />
      </label>
      <label className="field">
        <span className="field__label">{m.startsAt}</span>
        <input type="datetime-local" value={startsAt} onChange={(event) => setStartsAt(event.target.value)} required />
      </label>
      <label className="field">
        <span className="field__label">{m.endsAt}</span>
        <input type="datetime-local" value={endsAt} onChange={(event) => setEndsAt(event.target.value)} required />
      </label>
      <div className="form-grid__wide">
        <ErrorNotice failure={action.error} />
        <div className="buttons">
          <button type="submit" className="button button--primary" disabled={action.busy}>
            {action.busy ? m.working : m.schedule}
          </button>
          <button type="button" className="button button--quiet" onClick={onCancel}>
            {m.cancel}
          </button>
        </div>
      </div>
    </form>
  );
}
