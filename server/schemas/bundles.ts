import { z } from 'zod';
import { IssuerJwksSchema } from '../../shared/verify/jwk.ts';
import { IsoDateSchema, KidSchema, MemberNumberSchema, OrgCodeSchema, TimestampSchema, WindowQuery } from './common.ts';
import { ServerPublicKeySchema } from './kiosks.ts';
import { AttendedAsSchema } from './meetings.ts';

/**
 * A verifiable bundle: everything an auditor needs to check a history offline with `npm run verify --
 * BUNDLE` — the accepted events' JWS texts (with their card evidence inside), their inclusion proofs
 * against one signed checkpoint, the kiosk keys, the issuer keys, the log's verifier key and the signed
 * revocation list — and a manifest of what the server says the events show, which the verifier holds
 * against the signed payloads. Trust comes from outside the bundle: the auditor compares the verifier key
 * and the issuer keys with the ones published out of band (or gives their own to the verifier).
 */
export const BUNDLE_FORMAT = 'member-card-bundle/1';

const base64Hash = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);

export const BundleEventSchema = z.object({
  logIndex: z.number().int().nonnegative(),
  jws: z.string().min(1).describe("the event as the kiosk signed it, and the log leaf's data"),
  inclusionProof: z.array(base64Hash).describe('RFC 9162 inclusion proof of the leaf in the checkpoint’s tree, standard base64'),
});

export const BundleKioskSchema = z.object({
  jwk: z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string() }),
  org: OrgCodeSchema.describe('the organisation the kiosk was enrolled to'),
  name: z.string(),
  enrolledAt: TimestampSchema,
  disabledAt: TimestampSchema.nullable(),
});

/** What the server says one event shows. The verifier checks every field against the signed payload except `attendedAs`, the server's classification. */
export const ManifestEntrySchema = z.object({
  eventId: z.string(),
  logIndex: z.number().int().nonnegative(),
  kiosk: KidSchema,
  type: z.enum(['checkin', 'transfer.accept']),
  member: MemberNumberSchema,
  org: OrgCodeSchema.describe('the kiosk’s organisation, where it happened (the host, or the receiving organisation)'),
  at: z.string().describe('the event’s time as the kiosk signed it'),
  meeting: z.string().nullable(),
  transfer: z.string().nullable(),
  attendedAs: AttendedAsSchema.nullable().describe('the server’s classification of a check-in (home, mobile, visitor); not part of the signed event'),
});
export type ManifestEntry = z.infer<typeof ManifestEntrySchema>;

export const BundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  createdAt: TimestampSchema,
  subject: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('member'), member: MemberNumberSchema, name: z.string() }),
    z.object({ kind: z.literal('org'), org: OrgCodeSchema, name: z.string() }),
  ]),
  window: z.object({
    from: IsoDateSchema.nullable(),
    to: IsoDateSchema.nullable(),
    timeZone: z.string().optional().describe('the organisation’s IANA time zone: the window’s days begin at midnight there (absent: UTC days)'),
  }),
  logVerifierKey: z.string().describe('the log’s note verifier key; compare it with the one the operator publishes out of band'),
  checkpoint: z.string().describe('a C2SP signed checkpoint covering every event in the bundle'),
  issuers: IssuerJwksSchema,
  // Optional in the schema so a bundle made before they were added still reads; the verifier fails it for lacking them.
  revocations: z.string().optional().describe('the revocation list as the server signed it when the bundle was made (compact JWS, typ mic-revocations+jws): every card taken out of use, with when'),
  serverKey: ServerPublicKeySchema.optional().describe('the server key the revocation list is signed with'),
  kiosks: z.record(KidSchema, BundleKioskSchema).describe('kiosk public keys by kid'),
  events: z.array(BundleEventSchema),
  manifest: z.object({ entries: z.array(ManifestEntrySchema) }),
}).meta({ id: 'EvidenceBundle' });
export type Bundle = z.infer<typeof BundleSchema>;

export const BundleQuerySchema = z.strictObject(WindowQuery);
