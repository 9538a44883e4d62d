import { toBase64url } from '../bytes.ts';
import { CardStatusError, MicError } from '../errors.ts';
import { SW } from './constants.ts';
import { presenceChallenge, newNonce, type TapFacts } from './challenge.ts';
import { CardClient } from './client.ts';
import type { CardInfo } from './fci.ts';
import type { CardTransport } from './transport.ts';

/** A card's answer to one tap, in the shape events carry it (DESIGN §4 `card`). */
export interface CardEvidence {
  credential: string;
  counter: number;
  /** base64url of r ‖ s */
  sig: string;
  nonce: string;
}

export interface CardRead {
  info: CardInfo;
  credential: string;
}

/** SELECT and read the credential; refuses a card that is not yet personalised. */
export async function readCard(transport: CardTransport): Promise<CardRead> {
  const client = new CardClient(transport);
  const info = await client.select();
  if (info.lifecycle !== 'active') {
    throw new MicError('ERR_CARD_NOT_ACTIVE', 'this card has not been issued yet (it is still in personalisation)');
  }
  if (info.credentialLength === 0) throw new CardStatusError(SW.notFound, 'READ BINARY', 'ERR_CREDENTIAL_MALFORMED');
  return { info, credential: await client.readCredential(info.credentialLength) };
}

/**
 * Proves the card is present for one set of event facts: the challenge is bound to the facts and a
 * fresh nonce, so the signature is good for this tap and nothing else.
 */
export async function provePresence(
  transport: CardTransport,
  facts: Omit<TapFacts, 'nonce'>,
  read?: CardRead,
): Promise<CardRead & { evidence: CardEvidence; facts: TapFacts }> {
  const card = read ?? (await readCard(transport));
  const bound: TapFacts = { ...facts, nonce: newNonce() };
  const { counter, signature } = await new CardClient(transport).authenticate(await presenceChallenge(bound));
  return {
    ...card,
    facts: bound,
    evidence: { credential: card.credential, counter, sig: toBase64url(signature), nonce: bound.nonce },
  };
}

