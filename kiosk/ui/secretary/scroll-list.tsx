import { useEffect, useId, useRef, useState, type ReactElement } from 'react';
import { useMessages } from '../i18n/language.tsx';

interface ScrollListProps {
  testId: string;
  /** the list itself, one element: its size is watched, so items arriving or rewrapping update the cue */
  children: ReactElement;
}

/**
 * A list that may hold more than the screen has room for scrolls inside its own panel, so the screen's
 * buttons stay where they are. A touch panel has no mouse wheel and a list cut at the panel's edge looks
 * complete, so while more lies below, a button over the panel's foot says so and brings it up.
 */
export function ScrollList({ testId, children }: ScrollListProps) {
  const messages = useMessages();
  const id = useId();
  const panel = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState(false);

  useEffect(() => {
    const box = panel.current!;
    const update = (): void => setMore(box.scrollTop + box.clientHeight < box.scrollHeight - 1);
    const resized = new ResizeObserver(update);
    resized.observe(box);
    if (box.firstElementChild) resized.observe(box.firstElementChild);
    box.addEventListener('scroll', update, { passive: true });
    return () => {
      resized.disconnect();
      box.removeEventListener('scroll', update);
    };
  }, []);

  const showMore = (): void => {
    const box = panel.current;
    box?.scrollBy({ top: box.clientHeight * 0.8, behavior: 'smooth' });
  };

  return (
    <div className="scroll-list">
      <div ref={panel} id={id} className="scroll-list__panel" data-testid={testId}>
        {children}
      </div>
      {more && (
        <button type="button" className="scroll-list__more" aria-controls={id} onClick={showMore}>
          {messages.listMore}
          <span aria-hidden="true"> ▼</span>
        </button>
      )}
    </div>
  );
}
