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
 * complete, so while more lies below, a button under the panel says so and brings it up. The button has a
 * row of its own rather than lying over the panel's foot, where it hid the very options being chosen; the
 * row stays while the list scrolls, so the list does not jump under the finger when its end comes up and
 * the button goes.
 */
export function ScrollList({ testId, children }: ScrollListProps) {
  const messages = useMessages();
  const id = useId();
  const panel = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  const [more, setMore] = useState(false);

  useEffect(() => {
    const box = panel.current!;
    const update = (): void => {
      setScrolls(box.scrollHeight > box.clientHeight + 1);
      setMore(box.scrollTop + box.clientHeight < box.scrollHeight - 1);
    };
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
      {scrolls && (
        <button type="button" className={`scroll-list__more${more ? '' : ' scroll-list__more--at-end'}`} aria-controls={id} onClick={showMore}>
          {messages.listMore}
          <span aria-hidden="true"> ▼</span>
        </button>
      )}
    </div>
  );
}
