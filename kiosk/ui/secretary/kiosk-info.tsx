import { useEffect, useState } from 'react';
import type { KioskStatus, ReaderStatus } from '../../core/kiosk-api.ts';
import type { KioskApi } from '../bridge/kiosk-bridge.ts';
import { errorText } from '../i18n/error-text.ts';
import { useMessages } from '../i18n/language.tsx';
import { useOrgClock } from '../i18n/org-clock.tsx';
import type { Messages } from '../i18n/messages.ts';
import { ScrollList } from './scroll-list.tsx';
import { ErrorMessage, Notice, SecretaryPanel } from './secretary-panel.tsx';
import { useCall } from './use-call.ts';

/** A clock more than this far from the server's is worth telling the secretary about. */
const SKEW_WORTH_MENTIONING_MS = 60_000;

function readerText(reader: ReaderStatus, messages: Messages): string {
  switch (reader.state) {
    case 'connected':
      return messages.infoReaderConnected(reader.readers);
    case 'no-readers':
      return messages.infoReaderNone;
    case 'waiting-for-pcscd':
      return messages.infoReaderWaiting;
    case 'failed':
      return messages.infoReaderFailed(reader.failure?.reader);
  }
}

/** What a secretary on the phone with the organisation department is asked: which kiosk, which server, which reader, how far behind. */
export function KioskInfo({ api, status, onBack }: { api: KioskApi; status: KioskStatus; onBack: () => void }) {
  const messages = useMessages();
  const clock = useOrgClock();
  const call = useCall();
  const [synced, setSynced] = useState(false);
  // A failed upload is old news once the kiosk reaches its server again: the queue drains by itself from then on.
  const { clearError } = call;
  useEffect(() => {
    if (status.online === true) clearError();
  }, [status.online, clearError]);
  const rows: [string, string][] = [
    [messages.infoKioskName, status.enrolment?.name ?? '—'],
    [messages.infoKioskId, status.kioskId],
    [messages.infoServer, status.enrolment?.serverUrl ?? '—'],
    [messages.infoLastSync, status.lastSyncAt ? messages.dateTime(clock(new Date(status.lastSyncAt))) : messages.infoNever],
    [messages.infoQueue, String(status.queueLength)],
    [messages.infoRejected, String(status.rejectedEvents)],
  ];
  if (status.reader) rows.push([messages.infoReader, readerText(status.reader, messages)]);
  if (status.reader?.failure) rows.push([messages.infoReaderFailure, status.reader.failure.message]);
  if (status.lastError) rows.push([messages.infoLastError, errorText(messages, status.lastError)]);
  const skew = status.clockSkewMs;
  return (
    <SecretaryPanel title={messages.menuInfo} onBack={onBack}>
      <ScrollList testId="detail-list">
        <dl className="info">
          {rows.map(([label, value]) => (
            <div key={label} className="info__row">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </ScrollList>
      {skew !== undefined && Math.abs(skew) > SKEW_WORTH_MENTIONING_MS && <p className="secretary__error">{messages.infoClockSkew(Math.round(skew / 1000))}</p>}
      <ErrorMessage error={call.error} />
      {synced && !call.error && <Notice>{messages.syncDone}</Notice>}
      {status.enrolled && (
        <button
          type="button"
          className="button button--primary button--wide"
          disabled={call.busy}
          onClick={() => {
            setSynced(false);
            call.run(async () => {
              const reply = await api.syncNow();
              // A round that could not reach the server still answers with a status: that is a failure here.
              if (reply.ok && reply.value.online === false) {
                return { ok: false as const, error: reply.value.lastError ?? { code: 'ERR_SERVER_UNREACHABLE', message: 'offline' } };
              }
              return reply;
            }, () => setSynced(true));
          }}
        >
          {call.busy ? messages.working : messages.menuSync}
        </button>
      )}
    </SecretaryPanel>
  );
}
