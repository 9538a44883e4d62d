import type { KioskStatus } from '../../core/kiosk-api.ts';
import { useLanguage } from '../i18n/language.tsx';
import type { Messages } from '../i18n/messages.ts';
import { GearIcon } from './icons.tsx';

function currentActivity(status: KioskStatus | undefined, messages: Messages): string {
  if (!status) return '';
  if (!status.enrolled) return messages.notEnrolledTitle;
  const { mode } = status;
  if (mode.kind === 'meeting') return messages.meetingCurrent(mode.meeting.title);
  if (mode.kind === 'transfer') return messages.transferCurrent(mode.transfer.name ?? mode.transfer.member);
  return messages.meetingNone;
}

function connection(status: KioskStatus, messages: Messages): { state: 'online' | 'offline' | 'connecting'; label: string } {
  if (status.online === true) return { state: 'online', label: messages.online };
  if (status.online === false) return { state: 'offline', label: messages.offline };
  return { state: 'connecting', label: messages.connecting };
}

/**
 * Always on screen: what the kiosk is doing (the meeting), whether it reaches the server, how many records
 * wait to upload, the language button, and the secretary's deliberately quiet corner button.
 */
export function StatusBar({ status, onSecretary }: { status: KioskStatus | undefined; onSecretary: () => void }) {
  const { language, messages, toggle } = useLanguage();
  const link = status?.enrolled ? connection(status, messages) : undefined;
  return (
    <header className="status-bar">
      <p className="status-bar__meeting" data-testid="current-meeting">
        {currentActivity(status, messages)}
      </p>
      {link && (
        <p className={`status-bar__link status-bar__link--${link.state}`} data-testid="connection" data-state={link.state}>
          <span className="status-bar__dot" aria-hidden="true" />
          {link.label}
        </p>
      )}
      {status?.enrolled && (
        <p className="status-bar__queue" data-testid="queue-length">
          {messages.queueLength(status.queueLength)}
        </p>
      )}
      <button type="button" className="status-bar__language" onClick={toggle} lang={language === 'zh-CN' ? 'en' : 'zh-CN'}>
        {messages.switchLanguage}
      </button>
      {/* Named as the page it opens, to the eye and to a screen reader alike. */}
      <button type="button" className="status-bar__secretary" onClick={onSecretary}>
        <GearIcon />
        <span>{messages.adminTitle}</span>
      </button>
    </header>
  );
}
