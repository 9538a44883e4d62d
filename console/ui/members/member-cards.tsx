import type { Member } from '../api/types.ts';
import { Empty } from '../components/loading.tsx';
import { formatDate } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';

/** The member's cards by serial: which one is in use, which were lost or replaced. */
export function MemberCards({ cards }: { cards: Member['cards'] }) {
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
            </tr>
          </thead>
          <tbody>
            {cards.map((card) => (
              <tr key={card.csn}>
                <td>
                  <code>{card.csn}</code>
                </td>
                <td>
                  <span className={`status status--${card.status}`}>{m.cardStatuses[card.status]}</span>
                </td>
                <td className="nowrap">{formatDate(card.issuedAt)}</td>
                <td className="nowrap">{formatDate(card.expiresAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
