import { useState } from 'react';
import type { Card } from '../api/types.ts';
import { Dialog, DialogButtons } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { useAction } from '../components/use-action.ts';
import { useMessages } from '../i18n/language.tsx';
import type { RevokeReason } from '../i18n/messages.ts';
import { useSignedIn } from '../session/session.tsx';

const REASONS: readonly RevokeReason[] = ['lost', 'revoked'];

/**
 * A card reported lost or revoked, after a confirmation that says what it means: every kiosk refuses it once
 * it has synced the signed revocation list, nothing brings it back, and the member needs a new card.
 */
export function RevokeCardDialog({ card, memberName, onClose, onRevoked }: { card: Card; memberName: string; onClose(): void; onRevoked(reason: RevokeReason): void }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const [reason, setReason] = useState<RevokeReason>('lost');
  const action = useAction();
  const revoke = (): void => {
    void action.run(async () => {
      await api.revokeCard(card.csn, reason);
      onRevoked(reason);
      return undefined;
    });
  };
  return (
    <Dialog title={m.revokeCardTitle(card.csn)} onClose={onClose} testId="revoke-card-dialog" wide>
      <p className="dialog__lead">{m.revokeCardLead(memberName, card.csn)}</p>
      <div className="segmented" role="radiogroup" aria-label={m.revokeReason} data-testid="revoke-reasons">
        {REASONS.map((option) => (
          <label key={option} className={option === reason ? 'segmented__item segmented__item--current' : 'segmented__item'}>
            <input type="radio" name="revoke-reason" value={option} checked={option === reason} onChange={() => setReason(option)} data-testid={`revoke-reason-${option}`} />
            {m.revokeReasons[option]}
          </label>
        ))}
      </div>
      <p className="muted" data-testid="revoke-reason-hint">
        {m.revokeReasonHints[reason]}
      </p>
      <div className="notice notice--error" data-testid="revoke-card-meaning">
        <p className="notice__main">{m.revokeCardMeans}</p>
        <ul>
          {m.revokeCardMeaningItems.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </div>
      <ErrorNotice failure={action.error} />
      <DialogButtons label={m.confirmRevokeCard[reason]} tone="danger" disabled={action.busy} testId="confirm-revoke-card" onConfirm={revoke} onCancel={onClose} />
    </Dialog>
  );
}
