import type { ReactNode } from 'react';
import { lastValidInstant } from '../../../shared/letter-validity.ts';
import type { Transfer, TransferListEntry } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { formatDate } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';
import { OrgName } from '../orgs/org-directory.tsx';
import { LetterLinks } from './letter-links.tsx';
import { RefusedAcceptances } from './refused-acceptances.tsx';

/**
 * Letters as a table; the caller adds the actions its box allows (accept / return, or cancel). Under a letter that a
 * kiosk showed as accepted but the server refused, and that is not accepted since, the refusals say what to do.
 */
export function TransferTable({ transfers, side, actions, testId }: { transfers: TransferListEntry[]; side: 'from' | 'to'; actions(transfer: Transfer): ReactNode; testId: string }) {
  const m = useMessages();
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          <th>{m.member}</th>
          <th>{side === 'from' ? m.sendingOrg : m.receivingOrg}</th>
          <th>{m.reason}</th>
          <th>{m.issuedOn}</th>
          <th>{m.validUntil}</th>
          <th>{m.status}</th>
          <th>{m.letter}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {transfers.map((transfer) => [
          <tr key={transfer.id} data-testid={`transfer-${transfer.member}`}>
            <td>
              <Link to={{ page: 'member', number: transfer.member }}>{transfer.memberName}</Link> <span className="code">{transfer.member}</span>
            </td>
            <td>{side === 'from' ? <OrgName code={transfer.fromOrg} name={transfer.fromOrgName} /> : <OrgName code={transfer.toOrg} name={transfer.toOrgName} />}</td>
            <td>
              {transfer.reason}
              {transfer.returnReason && <div className="muted">{m.returnedBecause(transfer.returnReason)}</div>}
            </td>
            <td className="nowrap">{formatDate(transfer.issuedAt)}</td>
            <td className="nowrap">{formatDate(lastValidInstant(transfer.expiresAt).toISOString())}</td>
            <td>
              <span className={`status status--${transfer.status}`}>{m.transferStatuses[transfer.status]}</span>
              {transfer.refusedAcceptances > 0 && (
                <span className="tag tag--refused" data-testid="acceptance-refused-tag">
                  {m.acceptanceRefusedTag(transfer.refusedAcceptances)}
                </span>
              )}
            </td>
            <td>
              <LetterLinks transfer={transfer} />
            </td>
            <td className="actions">{actions(transfer)}</td>
          </tr>,
          transfer.refusedAcceptances > 0 && (
            <tr key={`${transfer.id}-refused`} className="table__detail">
              <td colSpan={8}>
                <RefusedAcceptances transfer={transfer} />
              </td>
            </tr>
          ),
        ])}
      </tbody>
    </table>
  );
}
