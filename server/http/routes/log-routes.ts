import { checkpointAt, consistencyProof, inclusionProof, leafForKiosk, leafForUser, newestCheckpoint } from '../../domain/transparency-log.ts';
import {
  CheckpointParamsSchema,
  ConsistencyProofSchema,
  ConsistencyQuerySchema,
  InclusionProofSchema,
  InclusionQuerySchema,
  LeafParamsSchema,
  LeafSchema,
  NoteTextSchema,
} from '../../schemas/log.ts';
import { kioskRoute, publicRoute, userRoute } from '../route.ts';

const TEXT = 'text/plain';
// A checkpoint at a given size never changes; the newest one does, every few seconds.
const IMMUTABLE = { 'Cache-Control': 'public, max-age=31536000, immutable' };
// A leaf never changes either, but it is a member's personal data: no cache keeps it, a shared office computer's neither.
const PERSONAL = { 'Cache-Control': 'no-store' };
const LEAF = "A leaf's data: the accepted event's JWS, so the leaf hash can be recomputed";

export const logRoutes = [
  publicRoute({
    method: 'get',
    path: '/log/checkpoint',
    summary: 'The newest signed checkpoint of the transparency log (C2SP signed note)',
    tags: ['log'],
    responses: [{ status: 200, description: 'origin, tree size and base64 root, then the Ed25519 signature line', schema: NoteTextSchema, media: TEXT }],
    async handle({ ctx }) {
      return { status: 200, headers: { 'Cache-Control': 'no-cache' }, body: await newestCheckpoint(ctx) };
    },
  }),
  publicRoute({
    method: 'get',
    path: '/log/checkpoint/:size',
    summary: 'The checkpoint the server signed at this tree size (all are kept)',
    tags: ['log'],
    params: CheckpointParamsSchema,
    responses: [{ status: 200, description: 'the signed note', schema: NoteTextSchema, media: TEXT }],
    async handle({ ctx, params }) {
      return { status: 200, headers: IMMUTABLE, body: await checkpointAt(ctx, params.size) };
    },
  }),
  publicRoute({
    method: 'get',
    path: '/log/proof/inclusion',
    summary: 'RFC 9162 inclusion proof of leaf `index` in the tree of `size` leaves',
    tags: ['log'],
    query: InclusionQuerySchema,
    responses: [{ status: 200, description: 'the audit path, leaf side first', schema: InclusionProofSchema }],
    async handle({ ctx, query }) {
      return { status: 200, body: await inclusionProof(ctx, query.index, query.size) };
    },
  }),
  publicRoute({
    method: 'get',
    path: '/log/proof/consistency',
    summary: 'RFC 9162 consistency proof from the tree of `from` leaves to the tree of `to` leaves',
    tags: ['log'],
    query: ConsistencyQuerySchema,
    responses: [{ status: 200, description: 'the proof', schema: ConsistencyProofSchema }],
    async handle({ ctx, query }) {
      return { status: 200, body: await consistencyProof(ctx, query.from, query.to) };
    },
  }),
  userRoute({
    method: 'get',
    path: '/log/leaf/:index',
    summary: `${LEAF}, for people whose reach covers the organisation of the kiosk that signed the event`,
    description: 'The event names a member, their card and the meeting: it is personal data, unlike the checkpoints and proofs. Outside that reach: 403 ERR_OUT_OF_SCOPE.',
    tags: ['log'],
    action: 'log.leaf.read',
    params: LeafParamsSchema,
    responses: [{ status: 200, description: 'the leaf', schema: LeafSchema }],
    async handle({ ctx, principal, params }) {
      return { status: 200, headers: PERSONAL, body: await leafForUser(ctx, principal, params.index) };
    },
  }),
  kioskRoute({
    method: 'get',
    path: '/kiosk/log/leaf/:index',
    summary: `${LEAF}, for the kiosk that signed the event`,
    description: "A leaf holding another kiosk's event: 403 ERR_OUT_OF_SCOPE, so the kiosk learns that much and nothing of the event.",
    tags: ['log'],
    params: LeafParamsSchema,
    responses: [{ status: 200, description: 'the leaf', schema: LeafSchema }],
    async handle({ ctx, kiosk, params }) {
      return { status: 200, headers: PERSONAL, body: await leafForKiosk(ctx, kiosk, params.index) };
    },
  }),
  publicRoute({
    method: 'get',
    path: '/log/verifier-key',
    summary: "The log's note verifier key (<name>+<key id>+<base64 key>), to open its checkpoints",
    tags: ['log'],
    responses: [{ status: 200, description: 'the verifier key text', schema: NoteTextSchema, media: TEXT }],
    async handle({ ctx }) {
      return { status: 200, body: `${ctx.logKey.verifierKey}\n` };
    },
  }),
];
