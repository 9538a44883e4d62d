import type { KioskStatus } from '../../core/kiosk-api.ts';
import { useMessages } from '../i18n/language.tsx';
import { TapCardIcon } from './icons.tsx';
import { ReaderProblem } from './reader-problem.tsx';

interface WaitingScreenProps {
  status: KioskStatus;
  onSetUp: () => void;
  onCancelTransfer: () => void;
}

/** Between taps the screen says what to do next, in the fewest words, for whoever stands in front of it. */
export function WaitingScreen({ status, onSetUp, onCancelTransfer }: WaitingScreenProps) {
  const messages = useMessages();
  const { mode } = status;

  if (!status.enrolled) {
    return (
      <section className="waiting waiting--setup" data-testid="waiting" data-state="not-enrolled">
        <h1 className="waiting__title">{messages.notEnrolledTitle}</h1>
        <p className="waiting__hint">{messages.notEnrolledHint}</p>
        <button type="button" className="button button--primary button--large" onClick={onSetUp}>
          {messages.setUpButton}
        </button>
      </section>
    );
  }
  if (!status.config.available) {
    return (
      <section className="waiting" data-testid="waiting" data-state="no-config">
        <h1 className="waiting__title">{messages.noConfigTitle}</h1>
        <p className="waiting__hint">{messages.noConfigHint}</p>
      </section>
    );
  }
  // Idle too: the secretary learns of it before opening the meeting, not when the first member stands there.
  const { reader } = status;
  if (reader && reader.state !== 'connected') return <ReaderProblem state={reader.state} failure={reader.failure} mode={mode} onCancelTransfer={onCancelTransfer} />;
  if (mode.kind === 'meeting') {
    return (
      <section className="waiting" data-testid="waiting" data-state="meeting">
        <p className="waiting__meeting">{mode.meeting.title}</p>
        <TapCardIcon />
        <h1 className="waiting__title">{messages.waitingTap}</h1>
        <p className="waiting__hint">{messages.waitingTapHint}</p>
      </section>
    );
  }
  if (mode.kind === 'transfer') {
    const member = mode.transfer.name ?? mode.transfer.member;
    return (
      <section className="waiting" data-testid="waiting" data-state={`transfer-${mode.step}`}>
        <p className="waiting__meeting">{messages.transferStepsTitle}</p>
        <TapCardIcon />
        <h1 className="waiting__title waiting__title--step">{mode.step === 'member' ? messages.transferMemberStep(member) : messages.transferSecretaryStep}</h1>
        <p className="waiting__hint">
          {mode.step === 'member' ? messages.transferMemberStepHint : messages.transferSecretaryStepHint(mode.member?.name ?? member)}
        </p>
        <button type="button" className="button button--quiet" onClick={onCancelTransfer}>
          {messages.transferCancel}
        </button>
      </section>
    );
  }
  if (mode.closedElsewhere) {
    return (
      <section className="waiting" data-testid="waiting" data-state="closed-elsewhere">
        <p className="waiting__meeting">{mode.closedElsewhere.title}</p>
        <h1 className="waiting__title">{messages.closedElsewhereTitle}</h1>
        <p className="waiting__hint">{messages.closedElsewhereHint}</p>
      </section>
    );
  }
  return (
    <section className="waiting" data-testid="waiting" data-state="idle">
      <h1 className="waiting__title">{messages.idleTitle}</h1>
      <p className="waiting__hint">{messages.idleHint}</p>
    </section>
  );
}
