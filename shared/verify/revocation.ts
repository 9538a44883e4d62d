import { CompactSign, compactVerify, decodeProtectedHeader, importJWK, type CryptoKey, type JWK } from 'jose';
import { z } from 'zod';
import { VerificationError } from '../errors.ts';

export const REVOCATIONS_TYP = 'mic-revocations+jws';

export const RevocationEntrySchema = z.object({
  csn: z.string().regex(/^[0-9a-f]{16}$/),
  reason: z.enum(['lost', 'revoked', 'replaced']),
  at: z.string().datetime({ offset: true }),
});

/** The list of cards no kiosk may accept, signed by the server; `seq` only ever grows. */
export const RevocationListSchema = z.object({
  iss: z.string().min(1),
  seq: z.number().int().nonnegative(),
  iat: z.number().int(),
  entries: z.array(RevocationEntrySchema),
});

export type RevocationEntry = z.infer<typeof RevocationEntrySchema>;
export type RevocationList = z.infer<typeof RevocationListSchema>;

export class RevocationSet {
  private readonly bySerial: Map<string, RevocationEntry>;

  constructor(readonly list: RevocationList) {
    this.bySerial = new Map(list.entries.map((entry) => [entry.csn, entry]));
  }

  static empty(iss = 'member-card'): RevocationSet {
    return new RevocationSet({ iss, seq: 0, iat: 0, entries: [] });
  }

  lookup(serial: string): RevocationEntry | undefined {
    return this.bySerial.get(serial);
  }

  /** The entry if the card was out of use at `at` (taken out of use then or before), as the server judges a tap; revoked later, the tap was good. */
  revokedAt(serial: string, at: Date): RevocationEntry | undefined {
    const entry = this.bySerial.get(serial);
    return entry && Date.parse(entry.at) <= at.getTime() ? entry : undefined;
  }
}

export async function signRevocationList(list: RevocationList, privateKey: CryptoKey | JWK, kid: string): Promise<string> {
  const key = 'kty' in privateKey ? await importJWK(privateKey, 'EdDSA') : privateKey;
  return new CompactSign(new TextEncoder().encode(JSON.stringify(RevocationListSchema.parse(list))))
    .setProtectedHeader({ alg: 'EdDSA', typ: REVOCATIONS_TYP, kid })
    .sign(key);
}

/** Checks the server's signature (Ed25519 only, explicit `typ`) and the list's shape. */
export async function verifyRevocationList(jws: string, serverKey: CryptoKey | JWK): Promise<RevocationSet> {
  const fail = (message: string, cause?: unknown): never => {
    throw new VerificationError('ERR_REVOCATION_LIST_INVALID', message, { cause });
  };
  let typ: unknown;
  try {
    ({ typ } = decodeProtectedHeader(jws));
  } catch (cause) {
    return fail('the revocation list is not a JWS', cause);
  }
  if (typ !== REVOCATIONS_TYP) fail(`the revocation list has type ${String(typ)}`);
  const key = 'kty' in serverKey ? await importJWK(serverKey, 'EdDSA') : serverKey;
  let payload: Uint8Array = new Uint8Array(0);
  try {
    ({ payload } = await compactVerify(jws, key, { algorithms: ['EdDSA'] }));
  } catch (cause) {
    fail('the revocation list signature is not valid', cause);
  }
  const parsed = RevocationListSchema.safeParse(safeJson(payload));
  if (!parsed.success) return fail('the revocation list does not match its schema', parsed.error);
  return new RevocationSet(parsed.data);
}

function safeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}
