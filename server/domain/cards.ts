import { verifyCredential, type VerifiedCredential } from '../../shared/verify/credential.ts';
import { IssuerTrust } from '../../shared/verify/issuer-trust.ts';
import { RevocationSet } from '../../shared/verify/revocation.ts';
import { auditActorOf, type Principal } from '../auth/principal.ts';
import { isoTimestamp } from '../clock.ts';
import type { ReadContext, WriteContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { Card, NewCard } from '../store/repositories/cards.ts';
import type { Member } from '../store/repositories/members.ts';
import { touched } from './diagnostics/touched.ts';
import { requireCard, requireMember } from './lookups.ts';
import { authorizeMemberAccess } from './members.ts';
import { RevocationPublisher } from './revocation-list.ts';

type CardContext = WriteContext & { serverId: string };

/**
 * Checks an uploaded credential as a kiosk would (issuer key, signature, expiry, revocation), then
 * that it names a known member with the same ID-number hash. Verification failures keep the shared
 * verifier's codes (ERR_ISSUER_UNKNOWN, ERR_CREDENTIAL_SIGNATURE_INVALID, ERR_CREDENTIAL_EXPIRED, …).
 */
async function verifyForMember(ctx: CardContext, credential: string): Promise<{ verified: VerifiedCredential; member: Member }> {
  const now = ctx.clock.now();
  const trust = new IssuerTrust({ keys: await ctx.read.issuers.all() });
  const revocations = new RevocationSet(RevocationPublisher.toList(ctx.serverId, await ctx.read.cards.revocations()));
  const verified = await verifyCredential(credential, trust, { now, revocations });
  const member = await ctx.read.members.byNumber(verified.claims.sub);
  if (!member) throw new ApiError('ERR_CARD_MEMBER_UNKNOWN', `the credential names member ${verified.claims.sub}, who is not registered`, { member: verified.claims.sub });
  return { verified, member };
}

function assertSamePerson(member: Member, verified: VerifiedCredential): void {
  if (verified.claims.idh !== member.idh) {
    throw new ApiError('ERR_CARD_IDH_MISMATCH', `the credential's ID-number hash is not member ${member.memberNumber}'s; check the id-hash key used at issuance`);
  }
}

const newCard = (member: Member, verified: VerifiedCredential): NewCard => ({
  csn: verified.claims.csn,
  memberId: member.id,
  issuerKid: verified.issuerKid,
  credential: verified.jwt,
  jti: verified.claims.jti,
  issuedAt: new Date(verified.claims.iat * 1000).toISOString(),
  expiresAt: new Date(verified.claims.exp * 1000).toISOString(),
});

export async function registerCard(ctx: CardContext, principal: Principal, credential: string): Promise<Card> {
  const { verified, member } = await verifyForMember(ctx, credential);
  await authorizeMemberAccess(ctx, principal, 'card.register', member);
  assertSamePerson(member, verified);
  const card = await ctx.write.cards.register(newCard(member, verified), isoTimestamp(ctx.clock.now()), auditActorOf(principal));
  // Kiosks may have refused the card before it was registered: its denials now concern the member's branch.
  ctx.diagnostics?.notify(touched({ cards: [card.csn] }));
  return card;
}

async function cardWithMember(ctx: ReadContext, csn: string): Promise<{ card: Card; member: Member }> {
  const card = await requireCard(ctx.read, csn);
  return { card, member: await requireMember(ctx.read, card.memberNumber) };
}

export async function getCard(ctx: ReadContext, principal: Principal, csn: string): Promise<Card> {
  const { card, member } = await cardWithMember(ctx, csn);
  await authorizeMemberAccess(ctx, principal, 'card.read', member);
  return card;
}

/** Lost or revoked: the card goes onto the signed list kiosks sync, and never comes back. */
export async function revokeCard(ctx: WriteContext, principal: Principal, csn: string, reason: 'lost' | 'revoked'): Promise<Card> {
  const { member } = await cardWithMember(ctx, csn);
  await authorizeMemberAccess(ctx, principal, 'card.revoke', member);
  return ctx.write.cards.revoke(csn, reason, isoTimestamp(ctx.clock.now()), auditActorOf(principal));
}

/** A new card for the same member takes over from an active one in one step (damaged card, renewal). */
export async function replaceCard(ctx: CardContext, principal: Principal, oldCsn: string, credential: string): Promise<{ replaced: Card; card: Card }> {
  const old = await cardWithMember(ctx, oldCsn);
  await authorizeMemberAccess(ctx, principal, 'card.replace', old.member);
  const { verified, member } = await verifyForMember(ctx, credential);
  if (member.id !== old.member.id) {
    throw new ApiError('ERR_CARD_REPLACEMENT_MEMBER_MISMATCH', `card ${oldCsn} belongs to member ${old.member.memberNumber}, the new credential to ${member.memberNumber}`);
  }
  assertSamePerson(member, verified);
  const replaced = await ctx.write.cards.replace(oldCsn, newCard(member, verified), isoTimestamp(ctx.clock.now()), auditActorOf(principal));
  ctx.diagnostics?.notify(touched({ cards: [replaced.card.csn] }));
  return replaced;
}
