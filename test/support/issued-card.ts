import { randomBytes } from 'node:crypto';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { residentIdHash } from '../../shared/issuance/id-hash.ts';
import { generateIssuerKey, type IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { personaliseCard } from '../../shared/issuance/personalise.ts';
import { IssuerTrust } from '../../shared/verify/issuer-trust.ts';
import type { VerifiedCredential } from '../../shared/verify/credential.ts';

export interface IssuedCard {
  applet: ReferenceApplet;
  transport: MemoryTransport;
  issuer: IssuerKeyFile;
  trust: IssuerTrust;
  credential: VerifiedCredential;
}

let sharedIssuer: Promise<IssuerKeyFile> | undefined;

/** A card personalised through the real client against the reference applet, in memory. */
export async function issueMemoryCard(options: { member?: string; validDays?: number; now?: Date; issuer?: IssuerKeyFile } = {}): Promise<IssuedCard> {
  sharedIssuer ??= generateIssuerKey('county-od');
  const issuer = options.issuer ?? (await sharedIssuer);
  const applet = ReferenceApplet.blank(randomBytes(8));
  const transport = new MemoryTransport(applet);
  const credential = await personaliseCard(transport, issuer, {
    member: options.member ?? '3301020001',
    name: '张伟',
    idh: await residentIdHash('11010519491231002X', new Uint8Array(32).fill(7)),
    validDays: options.validDays ?? 365,
    ...(options.now && { now: options.now }),
  });
  return { applet, transport, issuer, trust: new IssuerTrust({ keys: [issuer.publicJwk] }), credential };
}
