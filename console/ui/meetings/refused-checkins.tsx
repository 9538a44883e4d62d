import type { RefusedCheckin } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { RefusalCells } from '../components/refusal-cells.tsx';
import { formatDateTime } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';

/** One member's refused taps at the meeting: the last one says why; how many there were tells how hard they tried. */
interface RefusedMember {
  last: RefusedCheckin;
  taps: number;
}

/** The members not counted after all, each once, in the order of their last tap. */
function uncountedMembers(refused: readonly RefusedCheckin[]): RefusedMember[] {
  const byMember = new Map<string, RefusedMember>();
  for (const tap of refused) {
    if (tap.counted) continue;
    const earlier = byMember.get(tap.member);
    byMember.delete(tap.member);
    byMember.set(tap.member, { last: tap, taps: (earlier?.taps ?? 0) + 1 });
  }
  return [...byMember.values()];
}

/**
 * The members a kiosk showed green whose check-in the server then refused, so the meeting does not count them:
 * who, when, at which kiosk, why in plain words and what to do. Nothing when every refused member was counted by
 * another tap.
 */
export function RefusedCheckins({ refused }: { refused: readonly RefusedCheckin[] }) {
  const m = useMessages();
  const members = uncountedMembers(refused);
  if (members.length === 0) return null;
  return (
    <section className="notice notice--warning" data-testid="refused-checkins" aria-labelledby="refused-checkins-title">
      <p className="notice__main" id="refused-checkins-title">
        {m.refusedTitle(members.length)}
      </p>
      <p className="notice__detail">{m.refusedHint}</p>
      <table className="table table--inner">
        <thead>
          <tr>
            <th>{m.member}</th>
            <th>{m.tappedAt}</th>
            <th>{m.kiosk}</th>
            <th>{m.refusedWhy}</th>
            <th>{m.refusedWhatToDo}</th>
          </tr>
        </thead>
        <tbody>
          {members.map(({ last, taps }) => {
            const reason = m.refusedReasons[last.reason];
            return (
              <tr key={last.member}>
                <td>
                  {last.name === null ? (
                    <>
                      {last.nameOnCard ?? '—'} <span className="code">{last.member}</span>
                      <div className="muted">{m.notOnServer}</div>
                    </>
                  ) : (
                    <>
                      <Link to={{ page: 'member', number: last.member }}>{last.name}</Link> <span className="code">{last.member}</span>
                      {last.nameOnCard !== null && last.nameOnCard !== last.name && <div className="muted">{m.nameOnCard(last.nameOnCard)}</div>}
                    </>
                  )}
                </td>
                <td className="nowrap">
                  {formatDateTime(last.at)}
                  {taps > 1 && <div className="muted">{m.refusedTaps(taps)}</div>}
                </td>
                <td>
                  <Link to={{ page: 'kiosks', kiosk: last.kiosk }}>{last.kioskName}</Link>
                </td>
                <RefusalCells reason={reason} code={last.code} eventId={last.eventId} />
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
