import { useEffect, useState, type FormEvent } from 'react';
import type { MeetingKind, ScheduledMeeting } from '../../core/kiosk-api.ts';
import type { KioskApi } from '../bridge/kiosk-bridge.ts';
import { useLanguage } from '../i18n/language.tsx';
import { meetingKindChoices, meetingKindLabel } from '../i18n/meeting-kind.ts';
import { useOrgClock } from '../i18n/org-clock.tsx';
import { suggestedMeetingTitle } from '../i18n/suggested-title.ts';
import { ScrollList } from './scroll-list.tsx';
import { ErrorMessage, SecretaryPanel } from './secretary-panel.tsx';
import { TextField } from './text-field.tsx';
import { useCall } from './use-call.ts';

/** Either a meeting the server scheduled for this branch, or an ad-hoc one: a kind the server offers and a title. */
export function OpenMeeting({ api, onOpened, onBack }: { api: KioskApi; onOpened: () => void; onBack: () => void }) {
  const { messages, language } = useLanguage();
  const clock = useOrgClock();
  const call = useCall();
  const [scheduled, setScheduled] = useState<ScheduledMeeting[]>();
  /** undefined while asked for; null: the kiosk has no list from its server */
  const [kinds, setKinds] = useState<MeetingKind[] | null>();
  const [kind, setKind] = useState<string>();
  const [title, setTitle] = useState('');
  const [titleEdited, setTitleEdited] = useState(false);

  useEffect(() => {
    void api.scheduledMeetings().then((reply) => setScheduled(reply.ok ? reply.value : []));
  }, [api]);
  // A kind refused as unknown was retired since the list was read: read it again, so the kind leaves the screen.
  const kindRefused = call.error?.code === 'ERR_MEETING_KIND_UNKNOWN';
  useEffect(() => {
    void api.meetingKinds().then((reply) => setKinds(reply.ok ? reply.value : null));
  }, [api, kindRefused]);
  const label = (code: string): string => meetingKindLabel(messages, language, kinds ?? null, code);

  const chooseKind = (chosen: string): void => {
    setKind(chosen);
    // A suggested title the secretary can keep or change; never overwrite what they typed.
    if (!titleEdited) setTitle(suggestedMeetingTitle(kinds ?? null, chosen, clock(new Date())));
  };
  const openAdHoc = (event: FormEvent): void => {
    event.preventDefault();
    if (!kind || title.trim() === '') {
      call.run(async () => ({ ok: false as const, error: { code: 'ERR_MEETING_INVALID', message: 'kind and title are required' } }));
      return;
    }
    call.run(() => api.openMeeting({ kind: 'ad-hoc', meetingKind: kind, title: title.trim() }), onOpened);
  };

  // Beside the title, so that neither the note nor an error takes a row from the kinds to choose from.
  const aside = call.error ? (
    <ErrorMessage error={call.error} />
  ) : (
    messages.meetingTitleInChinese && (
      <p className="secretary__note" data-testid="title-language">
        {messages.meetingTitleInChinese}
      </p>
    )
  );
  return (
    <SecretaryPanel title={messages.menuOpenMeeting} aside={aside} onBack={onBack}>
      <div className="split">
        <section>
          <h2 className="secretary__subtitle">{messages.scheduledMeetings}</h2>
          {scheduled?.length === 0 && <p className="secretary__text">{messages.noScheduledMeetings}</p>}
          <ScrollList testId="meeting-list">
            <div className="choices">
              {scheduled?.map((meeting) => (
                <button
                  key={meeting.id}
                  type="button"
                  className="choice"
                  disabled={call.busy}
                  onClick={() => call.run(() => api.openMeeting({ kind: 'scheduled', meetingId: meeting.id }), onOpened)}
                >
                  <span className="choice__title">{meeting.title}</span>
                  <span className="choice__detail">
                    {[label(meeting.kind), messages.dateTime(clock(new Date(meeting.startsAt))), meeting.place].filter(Boolean).join(' · ')}
                  </span>
                </button>
              ))}
            </div>
          </ScrollList>
        </section>
        <section>
          <h2 className="secretary__subtitle">{messages.adHocMeeting}</h2>
          {kinds?.length === 0 ? (
            <p className="secretary__text">{messages.noMeetingKinds}</p>
          ) : (
            <form className="form form--meeting" onSubmit={openAdHoc}>
              <ScrollList testId="kind-list">
                {/* Named for a screen reader; on screen the column's heading (临时会议) says what the kinds are for. */}
                <fieldset className="kinds" aria-label={messages.meetingKind}>
                  {kinds !== undefined &&
                    meetingKindChoices(messages, language, kinds).map((choice) => (
                      <button key={choice.code} type="button" className="kind" aria-pressed={kind === choice.code} onClick={() => chooseKind(choice.code)}>
                        {choice.name}
                      </button>
                    ))}
                </fieldset>
              </ScrollList>
              <TextField
                label={messages.meetingTitle}
                value={title}
                maxLength={200}
                onChange={(value) => {
                  setTitle(value);
                  setTitleEdited(true);
                }}
              />
              <button type="submit" className="button button--primary button--wide" disabled={call.busy}>
                {call.busy ? messages.working : messages.startCheckin}
              </button>
            </form>
          )}
        </section>
      </div>
    </SecretaryPanel>
  );
}
