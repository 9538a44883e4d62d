import { importJWK, type CryptoKey } from 'jose';
import { IssuerJwksSchema, type IssuerJwk, type IssuerJwks } from './jwk.ts';
import { VerificationError } from '../errors.ts';

/**
 * The issuer public keys a kiosk or auditor trusts, with each key imported once. Holding only these,
 * anyone can verify a card offline.
 */
export class IssuerTrust {
  private readonly byKid: Map<string, IssuerJwk>;
  private readonly imported = new Map<string, Promise<CryptoKey>>();

  constructor(jwks: IssuerJwks) {
    const parsed = IssuerJwksSchema.parse(jwks);
    this.byKid = new Map(parsed.keys.map((key) => [key.kid, key]));
  }

  /** The issuer key for `kid`, or ERR_ISSUER_UNKNOWN. */
  issuer(kid: string | undefined): IssuerJwk {
    const key = kid === undefined ? undefined : this.byKid.get(kid);
    if (!key) throw new VerificationError('ERR_ISSUER_UNKNOWN', `no trusted issuer has key id ${String(kid)}`);
    return key;
  }

  async key(kid: string | undefined): Promise<CryptoKey> {
    const jwk = this.issuer(kid);
    let key = this.imported.get(jwk.kid);
    if (!key) {
      key = importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, 'ES256') as Promise<CryptoKey>;
      this.imported.set(jwk.kid, key);
    }
    return key;
  }
}
