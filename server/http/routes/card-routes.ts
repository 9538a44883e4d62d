import { getCard, registerCard, replaceCard, revokeCard } from '../../domain/cards.ts';
import { CardParamsSchema, CardSchema, RegisterCardBodySchema, ReplaceCardResultSchema, RevocationsSchema, RevokeCardBodySchema } from '../../schemas/cards.ts';
import { publicRoute, userRoute } from '../route.ts';
import { cardView } from '../views.ts';

export const cardRoutes = [
  userRoute({
    method: 'post',
    path: '/cards',
    summary: 'Register a card personalised offline, by its credential',
    description: 'The credential is verified against the registered issuers; it must name a registered member with the same ID-number hash.',
    tags: ['cards'],
    action: 'card.register',
    body: { schema: RegisterCardBodySchema, limit: '16kb' },
    responses: [{ status: 201, description: 'registered, active', schema: CardSchema }],
    async handle({ ctx, principal, body }) {
      return { status: 201, body: cardView(await registerCard(ctx, principal, body.credential)) };
    },
  }),
  userRoute({
    method: 'get',
    path: '/cards/:csn',
    summary: 'One card',
    tags: ['cards'],
    action: 'card.read',
    params: CardParamsSchema,
    responses: [{ status: 200, description: 'the card', schema: CardSchema }],
    async handle({ ctx, principal, params }) {
      return { status: 200, body: cardView(await getCard(ctx, principal, params.csn)) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/cards/:csn/revoke',
    summary: 'Revoke a card (lost or revoked); it goes onto the signed revocation list',
    tags: ['cards'],
    action: 'card.revoke',
    params: CardParamsSchema,
    body: { schema: RevokeCardBodySchema, limit: '16kb' },
    responses: [{ status: 200, description: 'the revoked card', schema: CardSchema }],
    async handle({ ctx, principal, params, body }) {
      return { status: 200, body: cardView(await revokeCard(ctx, principal, params.csn, body.reason)) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/cards/:csn/replace',
    summary: "Replace an active card by a new one for the same member; the old one becomes 'replaced'",
    tags: ['cards'],
    action: 'card.replace',
    params: CardParamsSchema,
    body: { schema: RegisterCardBodySchema, limit: '16kb' },
    responses: [{ status: 201, description: 'the old and the new card', schema: ReplaceCardResultSchema }],
    async handle({ ctx, principal, params, body }) {
      const { replaced, card } = await replaceCard(ctx, principal, params.csn, body.credential);
      return { status: 201, body: { replaced: cardView(replaced), card: cardView(card) } };
    },
  }),
  publicRoute({
    method: 'get',
    path: '/revocations',
    summary: 'The current signed revocation list (also part of the kiosk configuration)',
    tags: ['cards'],
    responses: [{ status: 200, description: 'the list', schema: RevocationsSchema }],
    async handle({ ctx }) {
      return { status: 200, body: await ctx.revocations.current(ctx.read.cards) };
    },
  }),
];
