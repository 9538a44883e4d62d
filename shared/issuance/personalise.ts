import { CardClient } from '../card/client.ts';
import type { CardTransport } from '../card/transport.ts';
import { MicError } from '../errors.ts';
import { verifyCredential, type VerifiedCredential } from '../verify/credential.ts';
import { IssuerTrust } from '../verify/issuer-trust.ts';
import type { IssuerKeyFile } from './issuer-key.ts';
import { pointToJwk, signCredential, type CredentialRequest } from './sign-credential.ts';

export type PersonalisationStep = 'select' | 'generate-key' | 'sign' | 'write' | 'read-back' | 'lock';

/**
 * Personalises a blank card: key pair generated on the card, credential signed with the issuer key and
 * written, read back and verified, then the card is locked. Progress is reported step by step.
 */
export async function personaliseCard(
  transport: CardTransport,
  issuer: IssuerKeyFile,
  request: Omit<CredentialRequest, 'serial' | 'cardKey'>,
  onStep: (step: PersonalisationStep) => void = () => {},
): Promise<VerifiedCredential> {
  const client = new CardClient(transport);
  onStep('select');
  const info = await client.select();
  if (info.lifecycle !== 'personalisation') {
    throw new MicError('ERR_CARD_LOCKED', `card ${info.serial} is already issued and locked; it cannot be personalised again`);
  }
  onStep('generate-key');
  const point = await client.generateKey();
  onStep('sign');
  const { jwt } = await signCredential(issuer, { ...request, serial: info.serial, cardKey: pointToJwk(point) });
  onStep('write');
  await client.writeCredential(jwt);
  onStep('read-back');
  const written = await client.readCredential((await client.select()).credentialLength);
  if (written !== jwt) throw new MicError('ERR_CREDENTIAL_MALFORMED', 'the credential read back differs from the one written');
  const verified = await verifyCredential(written, new IssuerTrust({ keys: [issuer.publicJwk] }), request.now && { now: request.now });
  onStep('lock');
  await client.lock();
  return verified;
}
