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
import { ShowAllToggle } from '../components/show-all-toggle.tsx';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';
import { ReturnLetterDialog } from './return-letter-dialog.tsx';
import { TransferTable } from './transfer-table.tsx';

const PAGE_SIZE = 50;

/**
 * Letters addressed to the user's organisation. Accepting moves the member's home here (the member's old
 * period closes and a new one opens in one step on the server); returning sends it back with a reason.
 */
export function Inbox() {
  const m = useMessages();
  const { api, user } = useSignedIn();
  const [all, setAll] = useState(false);
  const pages = useCursorPages();
  const inbox = useLoad(
    () => api.transfers({ direction: 'incoming', status: all ? undefined : 'issued', before: pages.cursor, limit: PAGE_SIZE }),
    `inbox|${all}|${pages.cursor ?? ''}`,
  );
  const action = useAction();
  const [accepting, setAccepting] = useState<Transfer>();
  const [returning, setReturning] = useState<Transfer>();
  const mayDecide = can(user, 'transfer.accept');

  const accept = (transfer: Transfer): void => {
    setAccepting(undefined);
    void action.run(async () => {
      await api.acceptTransfer(transfer.id);
      inbox.reload();
      return m.acceptedNotice(transfer.memberName, transfer.toOrgName);
    });
  };

  return (
    <div>
      <ShowAllToggle checked={all} label={m.showDecidedLetters} onChange={setAll} restartPages={pages.reset} />
      <DoneNotice text={action.done} />
      <ErrorNotice failure={action.error} />
      <LoadState loaded={inbox}>
        {({ transfers, next }) =>
          transfers.length === 0 ? (
            <Empty text={(all ? m.inboxEmptyAll : m.inboxEmpty)[user.role]} />
          ) : (
            <>
              <TransferTable
                transfers={transfers}
                side="from"
                testId="inbox"
                actions={(transfer) =>
                  mayDecide &&
                  transfer.status === 'issued' && (
                    <>
                      <button type="button" className="button button--primary" disabled={action.busy} onClick={() => setAccepting(transfer)} data-testid="accept">
                        {m.accept}
                      </button>
                      <button type="button" className="button button--quiet" disabled={action.busy} onClick={() => setReturning(transfer)} data-testid="return">
                        {m.returnLetter}
                      </button>
                    </>
                  )
                }
              />
              <Pager page={pages.page} hasNext={next !== null} onPage={(wanted) => pages.go(wanted, next)} />
            </>
          )
        }
      </LoadState>
      {accepting && (
        <Dialog title={m.acceptTitle} onClose={() => setAccepting(undefined)} testId="accept-dialog">
          <p>{m.acceptQuestion(accepting.memberName, accepting.fromOrgName, accepting.toOrgName)}</p>
          <p className="muted">{m.acceptHint}</p>
          <div className="buttons">
            <button type="button" className="button button--primary" onClick={() => accept(accepting)} data-testid="confirm-accept">
              {m.accept}
            </button>
            <button type="button" className="button button--quiet" onClick={() => setAccepting(undefined)}>
              {m.cancel}
            </button>
          </div>
        </Dialog>
      )}
      {returning && (
        <ReturnLetterDialog
          transfer={returning}
          onClose={() => setReturning(undefined)}
          onReturned={() => {
            setReturning(undefined);
            inbox.reload();
          }}
        />
      )}
    </div>
  );
}
