import { z } from 'zod';
import { getTransfer } from '../../domain/transfers/read-transfers.ts';
import { letterHtml, LETTER_HTML_CSP } from '../../letters/letter-html.ts';
import { letterPdf } from '../../letters/letter-pdf.ts';
import { TransferParamsSchema } from '../../schemas/transfers.ts';
import { userRoute } from '../route.ts';

const HtmlSchema = z.string().describe('an HTML page for printing (A4), in Chinese');
const PdfSchema = z.instanceof(Uint8Array).meta({ type: 'string', format: 'binary', description: 'a one-page A4 PDF, in Chinese' });

export const letterRoutes = [
  userRoute({
    method: 'get',
    path: '/transfers/:id/letter.html',
    summary: 'The printable transfer letter: stub (存根), letter (介绍信) and receipt (回执), each with the QR code of its id',
    description: 'A letter that is no longer open prints with a notice saying why (accepted, returned, cancelled, expired).',
    tags: ['transfers'],
    action: 'transfer.read',
    params: TransferParamsSchema,
    responses: [{ status: 200, description: 'the print view', schema: HtmlSchema, media: 'text/html' }],
    async handle({ ctx, principal, params }) {
      const transfer = await getTransfer(ctx, principal, params.id);
      return { status: 200, headers: { 'Content-Security-Policy': LETTER_HTML_CSP }, body: await letterHtml(transfer, ctx.calendar) };
    },
  }),
  userRoute({
    method: 'get',
    path: '/transfers/:id/letter.pdf',
    summary: 'The transfer letter as a PDF (the same three parts and QR code)',
    description: 'Needs the CJK font of the Debian package fonts-noto-cjk on the server (500 ERR_LETTER_FONT_MISSING otherwise).',
    tags: ['transfers'],
    action: 'transfer.read',
    params: TransferParamsSchema,
    responses: [{ status: 200, description: 'the PDF', schema: PdfSchema, media: 'application/pdf' }],
    async handle({ ctx, principal, params }) {
      const transfer = await getTransfer(ctx, principal, params.id);
      return { status: 200, headers: { 'Content-Disposition': `inline; filename="transfer-${transfer.id}.pdf"` }, body: await letterPdf(transfer, ctx.calendar) };
    },
  }),
];
