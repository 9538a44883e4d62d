import type { CardTransport } from '../../../shared/card/transport.ts';
import { isSecretary, type Transfer } from '../config/config-schema.ts';
import { isKioskError } from '../errors.ts';
import type { KioskMode, MemberTap } from '../modes/kiosk-mode.ts';
import { eventTime } from '../time/rfc3339.ts';
import { checkCard, provePresent, type CardCheck } from './check-card.ts';
import { denyCard } from './deny-card.ts';
import { personFor } from './person.ts';
import type { ModeHolder, SessionContext } from './session-context.ts';
import type { TapResult } from './tap-result.ts';

/** How long the member's half waits for the secretary's card before the member must tap again. */
export const SECRETARY_TAP_WINDOW_MS = 2 * 60_000;

type TransferMode = Extract<KioskMode, { kind: 'transfer' }>;

export const transferHasLapsed = (transfer: Transfer, now: Date): boolean =>
  transfer.expiresAt !== undefined && Date.parse(transfer.expiresAt) <= now.getTime();

/**
 * A tap while accepting a transfer. First the member named in the letter taps: the card proves presence
 * for (transfer.accept, this kiosk, the transfer id, `at`) and the proof is held. Then a secretary of this
 * organisation taps their own card, which proves presence for the very same facts with its own nonce; only
 * then is the one `transfer.accept` event with both evidences appended.
 */
export async function transferTap(transport: CardTransport, mode: TransferMode, context: SessionContext, modes: ModeHolder): Promise<TapResult> {
  const { date, at } = eventTime(context.clock);
  const reader = transport.reader;
  const refused = async (check: Extract<CardCheck, { ok: false }>): Promise<TapResult> => {
    const seq = await denyCard(context, check.refusal, check, at);
    return { kind: 'refused', reader, at, reason: check.refusal.reason, seq };
  };

  if (transferHasLapsed(mode.transfer, date)) return { kind: 'refused', reader, at, reason: 'transfer-expired' };
  if (context.outbox.hasAcceptedTransfer(mode.transfer.id)) return { kind: 'refused', reader, at, reason: 'transfer-already-accepted' };

  if (mode.step === 'member') {
    const check = await checkCard(transport, context.config, date);
    if (!check.ok) return refused(check);
    const person = personFor(check.credential.claims, context.config);
    if (person.member !== mode.transfer.member) return { kind: 'refused', reader, at, reason: 'not-transfer-member', person };
    const facts = { purpose: 'transfer.accept', kioskKid: context.kioskKid, subjectId: mode.transfer.id, at };
    const presence = await provePresent(transport, facts, check.read, check.credential);
    if (!presence.ok) return refused({ ok: false, refusal: presence.refusal, serial: check.read.info.serial, credential: check.read.credential });
    const member: MemberTap = { person, evidence: presence.evidence, at, tappedAtMs: date.getTime() };
    modes.apply({ type: 'member-confirmed', member });
    return { kind: 'transfer-member-ok', reader, at, person, transfer: mode.transfer.id };
  }

  if (date.getTime() - mode.member.tappedAtMs > SECRETARY_TAP_WINDOW_MS) {
    modes.apply({ type: 'restart-transfer' });
    return { kind: 'refused', reader, at, reason: 'transfer-timed-out' };
  }
  const check = await checkCard(transport, context.config, date);
  if (!check.ok) return refused(check);
  const secretary = personFor(check.credential.claims, context.config);
  if (secretary.member === mode.member.person.member) return { kind: 'refused', reader, at, reason: 'secretary-is-member', person: secretary };
  const entry = context.config.member(secretary.member);
  if (!entry || !isSecretary(entry) || entry.org !== context.org) return { kind: 'refused', reader, at, reason: 'not-secretary', person: secretary };

  // The same facts as the member's tap, `at` included: both signatures vouch for one acceptance.
  const facts = { purpose: 'transfer.accept', kioskKid: context.kioskKid, subjectId: mode.transfer.id, at: mode.member.at };
  const presence = await provePresent(transport, facts, check.read, check.credential);
  if (!presence.ok) return refused({ ok: false, refusal: presence.refusal, serial: check.read.info.serial, credential: check.read.credential });
  try {
    const { seq } = await context.outbox.append({
      type: 'transfer.accept',
      at: mode.member.at,
      transfer: mode.transfer.id,
      member: mode.member.person.member,
      card: mode.member.evidence,
      secretary: presence.evidence,
    });
    modes.apply({ type: 'transfer-accepted' });
    return { kind: 'transfer-accepted', reader, at, person: mode.member.person, secretary, transfer: mode.transfer.id, seq };
  } catch (error) {
    if (isKioskError(error) && error.code === 'ERR_TRANSFER_ALREADY_ACCEPTED') {
      modes.apply({ type: 'cancel' });
      return { kind: 'refused', reader, at, reason: 'transfer-already-accepted' };
    }
    throw error;
  }
}
