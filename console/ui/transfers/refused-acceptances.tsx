import type { TransferListEntry } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { LoadState } from '../components/loading.tsx';
import { RefusalCells } from '../components/refusal-cells.tsx';
import { useLoad } from '../components/use-load.ts';
import { formatDateTime } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';
import { acceptanceRefusalWording } from './acceptance-refusal-wording.ts';

/**
 * The acceptances of a letter that a kiosk of the receiving organisation showed as done but the server refused, so
 * the member's membership did not move: when, at which kiosk, with which cards, why in plain words and what to do.
 */
export function RefusedAcceptances({ transfer }: { transfer: TransferListEntry }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const refused = useLoad(() => api.refusedAcceptances(transfer.id), `${transfer.id}|${transfer.refusedAcceptances}`);
  return (
    <LoadState loaded={refused}>
      {(rows) => (
        <section className="notice notice--warning" data-testid="refused-acceptances" aria-labelledby={`refused-acceptances-${transfer.id}`}>
          <p className="notice__main" id={`refused-acceptances-${transfer.id}`}>
            {m.acceptanceRefusedTitle(rows.length)}
          </p>
          <p className="notice__detail">{m.acceptanceRefusedHint}</p>
          {transfer.status === 'issued' && <p className="notice__detail">{m.acceptanceStillOpen}</p>}
          <table className="table table--inner">
            <thead>
              <tr>
                <th>{m.tappedAt}</th>
                <th>{m.kiosk}</th>
                <th>{m.cardsTapped}</th>
                <th>{m.refusedWhy}</th>
                <th>{m.refusedWhatToDo}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const { cards, ...reason } = acceptanceRefusalWording(m, row);
                return (
                  <tr key={row.eventId}>
                    <td className="nowrap">{formatDateTime(row.at)}</td>
                    <td>
                      <Link to={{ page: 'kiosks', kiosk: row.kiosk }}>{row.kioskName}</Link>
                    </td>
                    <td>
                      <div>{m.memberCardLine(row.nameOnCard ?? row.name ?? '—', row.member)}</div>
                      <div>{m.secretaryCardLine(row.secretaryNameOnCard ?? '—')}</div>
                    </td>
                    <RefusalCells reason={reason} code={row.code} eventId={row.eventId} cards={cards} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
    </LoadState>
  );
}
