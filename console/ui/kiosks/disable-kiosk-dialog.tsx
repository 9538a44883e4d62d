import type { Kiosk } from '../api/types.ts';
import { Dialog, DialogButtons } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { useAction } from '../components/use-action.ts';
import { useMessages } from '../i18n/language.tsx';
import { useKnownOrg } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';

/**
 * Disabling after a confirmation that says what it means: the kiosk is refused from its next request on,
 * what it uploaded stays as evidence, and what it still holds will not arrive.
 */
export function DisableKioskDialog({ kiosk, onClose, onDisabled }: { kiosk: Kiosk; onClose(): void; onDisabled(): void }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const org = useKnownOrg(kiosk.org);
  const action = useAction();
  const disable = (): void => {
    void action.run(async () => {
      await api.disableKiosk(kiosk.kid);
      onDisabled();
      return undefined;
    });
  };
  return (
    <Dialog title={m.disableKioskTitle} onClose={onClose} testId="disable-kiosk-dialog">
      <p className="dialog__lead">{m.disableKioskQuestion(kiosk.name, org?.name ?? kiosk.org)}</p>
      <p data-testid="disable-kiosk-meaning">{m.disableKioskMeaning}</p>
      {kiosk.outboxPending !== null && kiosk.outboxPending > 0 && (
        <p className="notice notice--error" data-testid="disable-kiosk-backlog">
          {m.disableKioskBacklog(kiosk.outboxPending)}
        </p>
      )}
      <ErrorNotice failure={action.error} />
      <DialogButtons label={m.disableKiosk} tone="danger" disabled={action.busy} testId="confirm-disable-kiosk" onConfirm={disable} onCancel={onClose} />
    </Dialog>
  );
}
