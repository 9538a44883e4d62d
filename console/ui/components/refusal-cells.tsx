/**
 * The last two cells of a refused tap's row, as the meeting's and the letter's lists show it: why in plain words
 * with the server's code under it (the event's id on hover), then what to do.
 */
export function RefusalCells({ reason, code, eventId }: { reason: { why: string; action: string }; code: string; eventId: string }) {
  return (
    <>
      <td>
        {reason.why}
        <div className="muted">
          <code title={eventId}>{code}</code>
        </div>
      </td>
      <td>{reason.action}</td>
    </>
  );
}
