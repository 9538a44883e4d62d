import type { OrgThresholds, ThresholdChange, ThresholdRow } from '../api/types.ts';
import { Dialog, DialogButtons } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { useAction } from '../components/use-action.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';
import { scopeText } from './threshold-sources.ts';

/** Removing an organisation's own row, after a confirmation: the numbers set above (or the defaults) hold again. */
export function RemoveThresholdsDialog({ view, row, onClose, onRemoved }: { view: OrgThresholds; row: ThresholdRow; onClose(): void; onRemoved(): void }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const action = useAction();
  const remove = (): void => {
    void action.run(async () => {
      // The family is chosen at run time, so the compiler cannot pair it with its settings; null removes the row.
      await api.setThresholds({ org: view.org.code, orgKind: row.orgKind, family: row.family, settings: null } as ThresholdChange);
      onRemoved();
      return undefined;
    });
  };
  return (
    <Dialog title={m.removeThresholdsTitle} onClose={onClose} testId="remove-thresholds-dialog">
      <p>{m.removeThresholdsQuestion(m.thresholdFamilies[row.family], scopeText(m, view.org.name, row.orgKind))}</p>
      <p className="muted">{m.removeThresholdsHint}</p>
      <ErrorNotice failure={action.error} />
      <DialogButtons label={m.removeThresholds} tone="danger" disabled={action.busy} testId="confirm-remove-thresholds" onConfirm={remove} onCancel={onClose} />
    </Dialog>
  );
}
