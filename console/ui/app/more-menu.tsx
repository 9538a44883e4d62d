import { useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent, type ReactElement } from 'react';
import { useMessages } from '../i18n/language.tsx';

/**
 * The pages the top bar has no room for, behind one button. A disclosure (a button that shows and hides a
 * list of links), not an application menu: screen readers say "More, collapsed/expanded", Tab goes from the
 * button into the links and on, Escape closes it and returns to the button, and so do a click elsewhere and
 * choosing a page.
 */
export function MoreMenu({ current, links }: { current: boolean; links: ReactElement[] }) {
  const m = useMessages();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const listId = useId();
  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent): void => {
      if (!box.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [open]);
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !open) return;
    setOpen(false);
    button.current?.focus();
  };
  const onBlur = (event: FocusEvent): void => {
    if (!box.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
  };
  return (
    <div ref={box} className="more-menu" onKeyDown={onKeyDown} onBlur={onBlur}>
      <button
        ref={button}
        type="button"
        className={current ? 'topbar__link topbar__link--current topbar__more' : 'topbar__link topbar__more'}
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((was) => !was)}
        data-testid="nav-more"
      >
        {m.navMore} <span className="topbar__more-mark" aria-hidden="true">▾</span>
      </button>
      <ul id={listId} className="more-menu__list" hidden={!open} onClick={() => setOpen(false)}>
        {links.map((link) => (
          <li key={link.key}>{link}</li>
        ))}
      </ul>
    </div>
  );
}
