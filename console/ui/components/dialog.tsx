import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal dialog on the native <dialog> element: the browser traps focus, Escape closes it, and what is
 * behind it cannot be clicked by mistake.
 */
export function Dialog({ title, children, onClose, testId, wide }: { title: string; children: ReactNode; onClose(): void; testId?: string; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className={wide ? 'dialog dialog--wide' : 'dialog'} aria-label={title} data-testid={testId} onCancel={(event) => {
        // Escape: let React unmount it, rather than the browser closing it behind React's back.
        event.preventDefault();
        onClose();
      }}>
      <h2 className="dialog__title">{title}</h2>
      {children}
    </dialog>
  );
}
