import { issueTransfer } from '../../domain/transfers/issue-transfer.ts';
import { getTransfer, listTransfers, transferRules } from '../../domain/transfers/read-transfers.ts';
import { listRefusedAcceptances } from '../../domain/transfers/refused-acceptances.ts';
import { acceptTransfer, cancelTransfer, returnTransfer } from '../../domain/transfers/settle-transfer.ts';
import {
  CancelTransferBodySchema,
  IssueTransferBodySchema,
  RefusedAcceptanceListSchema,
  ReturnTransferBodySchema,
  TransferListQuerySchema,
  TransferListSchema,
  TransferParamsSchema,
  TransferRulesSchema,
  TransferSchema,
} from '../../schemas/transfers.ts';
import { userRoute } from '../route.ts';
import { refusedAcceptanceView, transferListEntryView, transferView } from '../transfer-views.ts';

const SMALL = '16kb';

export const transferRoutes = [
  userRoute({
    method: 'get',
    path: '/transfer-rules',
    summary: 'The configured validity of transfer letters (default and maximum days)',
    tags: ['transfers'],
    action: 'session.read',
    responses: [{ status: 200, description: 'the rules', schema: TransferRulesSchema }],
    async handle({ ctx }) {
      return { status: 200, body: await transferRules(ctx) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/transfers',
    summary: "Issue a transfer letter from the member's home organisation to a receiving organisation",
    description:
      'The sending organisation is the member’s home today; secretaries issue only from their own organisation. One open letter per member (409 ERR_TRANSFER_ALREADY_OPEN); validDays above the configured maximum is 422 ERR_TRANSFER_VALIDITY_INVALID.',
    tags: ['transfers'],
    action: 'transfer.issue',
    body: { schema: IssueTransferBodySchema, limit: SMALL },
    responses: [{ status: 201, description: 'issued', schema: TransferSchema }],
    async handle({ ctx, principal, body }) {
      return { status: 201, body: transferView(await issueTransfer(ctx, principal, body)) };
    },
  }),
  userRoute({
    method: 'get',
    path: '/transfers',
    summary: 'Transfer letters from or to organisations within reach: the inbox (incoming), the outbox (outgoing), or both',
    tags: ['transfers'],
    action: 'transfer.read',
    query: TransferListQuerySchema,
    responses: [{ status: 200, description: 'a page of letters, newest first', schema: TransferListSchema }],
    async handle({ ctx, principal, query }) {
      const page = await listTransfers(ctx, principal, query);
      return { status: 200, body: { transfers: page.transfers.map(transferListEntryView), next: page.next } };
    },
  }),
  userRoute({
    method: 'get',
    path: '/transfers/:id',
    summary: 'One transfer letter, its status as of now',
    tags: ['transfers'],
    action: 'transfer.read',
    params: TransferParamsSchema,
    responses: [{ status: 200, description: 'the letter', schema: TransferSchema }],
    async handle({ ctx, principal, params }) {
      return { status: 200, body: transferView(await getTransfer(ctx, principal, params.id)) };
    },
  }),
  userRoute({
    method: 'get',
    path: '/transfers/:id/refused-acceptances',
    summary: "Acceptances of the letter at its receiving organisation's kiosks that the server refused after the kiosk had shown them as done, with why and what to do",
    description: 'Each refused transfer.accept event naming the letter, sent by a kiosk of its receiving organisation, by tap time. `reason` says what the refusal asks of people; the letter stays as it was.',
    tags: ['transfers'],
    action: 'transfer.read',
    params: TransferParamsSchema,
    responses: [{ status: 200, description: 'the refused acceptances', schema: RefusedAcceptanceListSchema }],
    async handle({ ctx, principal, params }) {
      const refused = await listRefusedAcceptances(ctx, principal, params.id);
      return { status: 200, body: { transfer: params.id, refused: refused.map(refusedAcceptanceView) } };
    },
  }),
  userRoute({
    method: 'post',
    path: '/transfers/:id/accept',
    summary: 'Accept the letter for the receiving organisation: the member’s home moves there today',
    description:
      'Secretaries accept only letters addressed to their own organisation. The old home period closes and the new one opens in the same transaction. Already settled (a racing acceptance won): 409 ERR_TRANSFER_NOT_OPEN; lapsed: 409 ERR_TRANSFER_EXPIRED.',
    tags: ['transfers'],
    action: 'transfer.accept',
    params: TransferParamsSchema,
    responses: [{ status: 200, description: 'the accepted letter', schema: TransferSchema }],
    async handle({ ctx, principal, params }) {
      return { status: 200, body: transferView(await acceptTransfer(ctx, principal, params.id)) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/transfers/:id/return',
    summary: 'Return the letter to the sender, with a reason (receiving organisation)',
    tags: ['transfers'],
    action: 'transfer.return',
    params: TransferParamsSchema,
    body: { schema: ReturnTransferBodySchema, limit: SMALL },
    responses: [{ status: 200, description: 'the returned letter', schema: TransferSchema }],
    async handle({ ctx, principal, params, body }) {
      return { status: 200, body: transferView(await returnTransfer(ctx, principal, params.id, body.reason)) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/transfers/:id/cancel',
    summary: 'Cancel the letter (sending organisation)',
    tags: ['transfers'],
    action: 'transfer.cancel',
    params: TransferParamsSchema,
    body: { schema: CancelTransferBodySchema, limit: SMALL },
    responses: [{ status: 200, description: 'the cancelled letter', schema: TransferSchema }],
    async handle({ ctx, principal, params, body }) {
      return { status: 200, body: transferView(await cancelTransfer(ctx, principal, params.id, body.reason)) };
    },
  }),
];
