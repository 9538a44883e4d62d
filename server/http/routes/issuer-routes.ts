import { IssuerJwkSchema, IssuerJwksSchema } from '../../../shared/verify/jwk.ts';
import { issuerJwks, registerIssuer } from '../../domain/issuers.ts';
import { publicRoute, userRoute } from '../route.ts';

export const issuerRoutes = [
  userRoute({
    method: 'post',
    path: '/issuers',
    summary: "Register an organisation department's issuer public key (a trust anchor for every kiosk)",
    tags: ['cards'],
    action: 'issuer.register',
    body: { schema: IssuerJwkSchema, limit: '16kb' },
    responses: [{ status: 201, description: 'registered', schema: IssuerJwkSchema }],
    async handle({ ctx, principal, body }) {
      return { status: 201, body: await registerIssuer(ctx, principal, body) };
    },
  }),
  publicRoute({
    method: 'get',
    path: '/issuers',
    summary: 'The issuer public keys as a JWKS (public: anyone may verify a card offline)',
    tags: ['cards'],
    responses: [{ status: 200, description: 'the JWKS', schema: IssuerJwksSchema }],
    async handle({ ctx }) {
      return { status: 200, body: await issuerJwks(ctx) };
    },
  }),
];
