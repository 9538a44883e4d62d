import type { Card, Member } from '../api/types.ts';
import { Empty } from '../components/loading.tsx';
import { formatDate } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';

/**
 * The member's cards by serial: which one is in use, which were lost or replaced. With `onRevoke` (for those
 * who may), a card in use can be reported lost or revoked from its row.
 */
export function MemberCards({ cards, onRevoke }: { cards: Member['cards']; onRevoke?: (card: Card) => void }) {
  const m = useMessages();
  return (
    <div className="panel">
      <h2 className="panel__title">{m.cards}</h2>
      {cards.length === 0 ? (
        <Empty text={m.noCards} />
      ) : (
        <table className="table table--compact">
          <thead>
            <tr>
              <th>{m.cardSerial}</th>
              <th>{m.status}</th>
              <th>{m.issuedOn}</th>
              <th>{m.validUntil}</th>
              {onRevoke && <th>{m.cardAction}</th>}
            </tr>
          </thead>
          <tbody>
            {cards.map((card) => (
              <tr key={card.csn} data-testid="card-row" data-csn={card.csn}>
                <td>
                  <code>{card.csn}</code>
                </td>
                <td>
                  <span className={`status status--${card.status}`} data-testid="card-status">
                    {m.cardStatuses[card.status]}
                  </span>
                </td>
                <td className="nowrap">{formatDate(card.issuedAt)}</td>
                <td className="nowrap">{formatDate(card.expiresAt)}</td>
                {onRevoke && (
                  <td>
                    {card.status === 'active' && (
                      <button type="button" className="button button--quiet" onClick={() => onRevoke(card)} data-testid="revoke-card">
                        {m.revokeCard}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
