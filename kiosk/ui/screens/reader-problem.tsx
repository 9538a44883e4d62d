import type { ModeView, ReaderFailure, ReaderState } from '../../core/kiosk-api.ts';
import { useMessages } from '../i18n/language.tsx';
import { ReaderProblemIcon } from './icons.tsx';

interface ReaderProblemProps {
  state: Exclude<ReaderState, 'connected'>;
  /** with `failed`: what failed */
  failure: ReaderFailure | undefined;
  mode: ModeView;
  onCancelTransfer: () => void;
}

/**
 * In place of the tap screen while no reader can read a card: a member must not stand tapping a card that
 * nothing reads, and staff must learn what to fix. It goes back to the tap screen by itself when a reader is back.
 */
export function ReaderProblem({ state, failure, mode, onCancelTransfer }: ReaderProblemProps) {
  const messages = useMessages();
  // A failure that names no reader is pcscd refusing the kiosk, or keeping it waiting: replugging a reader would not
  // help, and the kiosk keeps trying by itself.
  const problem = messages.readerProblem[state === 'failed' && failure?.reader === undefined ? 'refused' : state];
  return (
    <section className="waiting waiting--reader" data-testid="waiting" data-state="no-reader" data-reader-state={state} role="alert">
      {mode.kind === 'meeting' && <p className="waiting__meeting">{mode.meeting.title}</p>}
      {mode.kind === 'transfer' && <p className="waiting__meeting">{messages.transferStepsTitle}</p>}
      <ReaderProblemIcon />
      <h1 className="waiting__title">{problem.reason}</h1>
      <p className="waiting__member" data-testid="reader-member">
        {messages.readerCannotTap}
      </p>
      <p className="waiting__hint" data-testid="reader-action">
        {problem.action}
      </p>
      {mode.kind === 'transfer' && (
        <button type="button" className="button button--quiet" onClick={onCancelTransfer}>
          {messages.transferCancel}
        </button>
      )}
    </section>
  );
}
