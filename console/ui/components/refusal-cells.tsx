/**
 * The last two cells of a refused tap's row, as the meeting's and the letter's lists show it: why in plain words,
 * the card it is about when named, and the server's code under it (the event's id on hover), then what to do.
 */
export function RefusalCells({ reason, code, eventId, cards = [] }: { reason: { why: string; action: string }; code: string; eventId: string; cards?: readonly string[] }) {
  return (
    <>
      <td>
        {reason.why}
        {cards.map((card) => (
          <div key={card} className="muted" data-testid="refused-card">
            {card}
          </div>
        ))}
        <div className="muted">
          <code title={eventId}>{code}</code>
        </div>
      </td>
      <td>{reason.action}</td>
    </>
  );
}
