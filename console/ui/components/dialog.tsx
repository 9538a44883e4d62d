import { useEffect, useRef, type ReactNode } from 'react';
import { useMessages } from '../i18n/language.tsx';

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

/**
 * A dialog's two buttons: the action (a form's submit, or `onConfirm` outside a form), then cancel. The
 * action's tone says what it does: primary, or danger for what cannot be taken back.
 */
export function DialogButtons({ label, tone = 'primary', disabled, testId, onConfirm, onCancel }: {
  label: string;
  tone?: 'primary' | 'danger';
  disabled: boolean;
  testId: string;
  onConfirm?: () => void;
  onCancel(): void;
}) {
  const m = useMessages();
  return (
    <div className="buttons">
      <button type={onConfirm ? 'button' : 'submit'} className={`button button--${tone}`} onClick={onConfirm} disabled={disabled} data-testid={testId}>
        {label}
      </button>
      <button type="button" className="button button--quiet" onClick={onCancel}>
        {m.cancel}
      </button>
    </div>
  );
}
