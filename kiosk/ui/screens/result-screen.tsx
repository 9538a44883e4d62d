import { useEffect } from 'react';
import type { TapResult } from '../../core/kiosk-api.ts';
import { useMessages } from '../i18n/language.tsx';
import { RESULT_SHOWN_MS, tapResultView, type ResultTone } from '../result/tap-result-view.ts';
import { playTone } from '../sound/tones.ts';
import { AttentionIcon, CheckIcon, RefusedIcon } from './icons.tsx';

const ICONS: Record<ResultTone, typeof CheckIcon> = { success: CheckIcon, attention: AttentionIcon, refused: RefusedIcon };

/**
 * The answer to one tap, over the whole screen in its colour, with its tone; it goes away by itself after
 * a few seconds (or at a touch), and a new tap replaces it at once (the parent keys it by tap). It does
 * not ask to be touched: a member who reads "touch to continue" believes something is still expected.
 */
export function ResultScreen({ result, duringTransfer, onDone }: { result: TapResult; duringTransfer: boolean; onDone: () => void }) {
  const messages = useMessages();
  const view = tapResultView(result, messages, duringTransfer);
  const Icon = ICONS[view.tone];

  // Once per tap (the parent keys this screen by tap): switching language underneath must not replay the tone.
  useEffect(() => {
    playTone(view.tone);
    const timer = setTimeout(onDone, RESULT_SHOWN_MS[view.tone]);
    const dismissByKey = (event: KeyboardEvent): void => {
      if (event.key === 'Enter' || event.key === 'Escape' || event.key === ' ') onDone();
    };
    window.addEventListener('keydown', dismissByKey);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', dismissByKey);
    };
  }, []);

  return (
    <section
      className={`result result--${view.tone}`}
      role="alert"
      aria-live="assertive"
      data-testid="result"
      data-kind={result.kind}
      data-tone={view.tone}
      onClick={onDone}
    >
      <Icon />
      {view.outcome && (
        <p className="result__outcome" data-testid="result-outcome">
          {view.outcome}
        </p>
      )}
      {view.name && (
        <p className="result__name" data-testid="result-name">
          {view.name}
        </p>
      )}
      {view.branch && <p className="result__branch">{view.branch}</p>}
      <p className="result__headline" data-testid="result-headline">
        {view.headline}
      </p>
      <p className="result__detail" data-testid="result-detail">
        {view.detail}
      </p>
    </section>
  );
}
