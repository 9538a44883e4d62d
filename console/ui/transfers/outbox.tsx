import { useState } from 'react';
import type { Transfer } from '../api/types.ts';
import { can } from '../auth/capabilities.ts';
import { Dialog } from '../components/dialog.tsx';
import { DoneNotice, ErrorNotice } from '../components/error-notice.tsx';
import { Empty, LoadState } from '../components/loading.tsx';
import { useAction } from '../components/use-action.ts';
import { useCursorPages } from '../components/use-cursor-pages.ts';
import { useLoad } from '../components/use-load.ts';
import { Pager } from '../components/pager.tsx';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';
import { TransferTable } from './transfer-table.tsx';

const PAGE_SIZE = 50;

/** Letters the user's organisation issued; one still open can be cancelled, and the member stays home. */
export function Outbox() {
  const m = useMessages();
  const { api, user } = useSignedIn();
  const pages = useCursorPages();
  const outbox = useLoad(() => api.transfers({ direction: 'outgoing', before: pages.cursor, limit: PAGE_SIZE }), `outbox|${pages.cursor ?? ''}`);
  const action = useAction();
  const [cancelling, setCancelling] = useState<Transfer>();
  const mayCancel = can(user, 'transfer.cancel');

  const cancel = (transfer: Transfer): void => {
    setCancelling(undefined);
    void action.run(async () => {
      await api.cancelTransfer(transfer.id);
      outbox.reload();
      return m.cancelledNotice(transfer.memberName);
    });
  };

  return (
    <div>
      <DoneNotice text={action.done} />
      <ErrorNotice failure={action.error} />
      <LoadState loaded={outbox}>
        {({ transfers, next }) =>
          transfers.length === 0 ? (
            <Empty text={m.outboxEmpty[user.role]} />
          ) : (
            <>
              <TransferTable
                transfers={transfers}
                side="to"
                testId="outbox"
                actions={(transfer) =>
                  mayCancel &&
                  transfer.status === 'issued' && (
                    <button type="button" className="button button--quiet" disabled={action.busy} onClick={() => setCancelling(transfer)} data-testid="cancel-letter">
                      {m.cancelLetter}
                    </button>
                  )
                }
              />
              <Pager page={pages.page} hasNext={next !== null} onPage={(wanted) => pages.go(wanted, next)} />
            </>
          )
        }
      </LoadState>
      {cancelling && (
        <Dialog title={m.cancelLetterTitle} onClose={() => setCancelling(undefined)} testId="cancel-dialog">
          <p>{m.cancelLetterQuestion(cancelling.memberName, cancelling.toOrgName)}</p>
          <div className="buttons">
            <button type="button" className="button button--danger" onClick={() => cancel(cancelling)} data-testid="confirm-cancel">
              {m.cancelLetter}
            </button>
            <button type="button" className="button button--quiet" onClick={() => setCancelling(undefined)}>
              {m.keepLetter}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
