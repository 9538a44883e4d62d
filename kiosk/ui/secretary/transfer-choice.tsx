import { useEffect, useState } from 'react';
import { lastValidInstant } from '../../../shared/letter-validity.ts';
import type { Transfer } from '../../core/kiosk-api.ts';
import type { KioskApi } from '../bridge/kiosk-bridge.ts';
import { useMessages } from '../i18n/language.tsx';
import { useOrgClock } from '../i18n/org-clock.tsx';
import { ScrollList } from './scroll-list.tsx';
import { ErrorMessage, SecretaryPanel } from './secretary-panel.tsx';
import { useCall } from './use-call.ts';

/** The transfer letters addressed to this branch; choosing one puts the kiosk in its two-tap acceptance. */
export function TransferChoice({ api, onStarted, onBack }: { api: KioskApi; onStarted: () => void; onBack: () => void }) {
  const messages = useMessages();
  const clock = useOrgClock();
  const call = useCall();
  const [transfers, setTransfers] = useState<Transfer[]>();

  useEffect(() => {
    void api.pendingTransfers().then((reply) => setTransfers(reply.ok ? reply.value : []));
  }, [api]);

  return (
    <SecretaryPanel title={messages.pendingTransfers} onBack={onBack}>
      <ErrorMessage error={call.error} />
      {transfers?.length === 0 && <p className="secretary__text">{messages.noPendingTransfers}</p>}
      <ScrollList testId="transfer-list">
        <div className="choices">
          {transfers?.map((transfer) => (
            <button
              key={transfer.id}
              type="button"
              className="choice"
              disabled={call.busy}
              onClick={() => call.run(() => api.startTransferAcceptance(transfer.id), onStarted)}
            >
              <span className="choice__title">{transfer.name ?? transfer.member}</span>
              <span className="choice__detail">
                {[
                  transfer.fromOrgName ?? transfer.fromOrg ? messages.transferFrom(transfer.fromOrgName ?? transfer.fromOrg ?? '') : undefined,
                  // The letter is good through the day of its last valid instant, not the day it lapses on.
                  transfer.expiresAt ? messages.transferExpires(clock(lastValidInstant(transfer.expiresAt))) : undefined,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </button>
          ))}
        </div>
      </ScrollList>
    </SecretaryPanel>
  );
}
