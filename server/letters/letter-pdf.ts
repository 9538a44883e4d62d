import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { ApiError } from '../errors.ts';
import type { OrgCalendar } from '../../shared/org-calendar.ts';
import type { Transfer } from '../store/repositories/transfers.ts';
import { FULL_WIDTH_SPACE, letterText, type LetterText } from './letter-text.ts';

/** Debian's fonts-noto-cjk: one collection, from which the Simplified Chinese face is taken by name. */
export const CJK_FONT = { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', name: 'NotoSansCJKsc-Regular' };

const A4 = { width: 595.28, margin: 50 };
const QR_SIZE = 80;

/** The QR code of `text` drawn as vector squares, so it prints sharp at any size. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = QR_SIZE / modules.size;
  for (let row = 0; row < modules.size; row += 1) {
    for (let col = 0; col < modules.size; col += 1) if (modules.get(row, col)) doc.rect(x + col * cell, y + row * cell, cell, cell);
  }
  doc.fill('#000');
}

interface Part {
  heading: string;
  salutation?: string;
  body: string[];
  /** the signature and date, right-aligned below the QR code */
  signed?: [string, string];
}

/** One part of the letter: title, number, QR code at the right, text beside it, signature below it. */
function drawPart(doc: PDFKit.PDFDocument, text: LetterText, part: Part): void {
  const top = doc.y;
  const full = A4.width - 2 * A4.margin;
  const beside = full - QR_SIZE - 12;
  doc.fontSize(17).text(text.title, A4.margin, top, { width: full, align: 'center' });
  doc.fontSize(13).text(`（${part.heading}）`, { width: full, align: 'center' });
  const qrTop = doc.y + 4;
  drawQr(doc, text.number, A4.width - A4.margin - QR_SIZE, qrTop);
  doc.fontSize(9).text(`编号：${text.number}`, A4.margin, qrTop, { width: beside });
  doc.moveDown(0.6).fontSize(12);
  if (text.notice !== null) doc.fillColor('#b00000').text(`【${text.notice}】`, { width: beside }).fillColor('#000').moveDown(0.3);
  if (part.salutation !== undefined) doc.text(part.salutation, { width: beside });
  for (const line of part.body) doc.text(part.salutation === undefined ? line : `${FULL_WIDTH_SPACE.repeat(2)}${line}`, { width: beside, lineGap: 4 });
  doc.y = Math.max(doc.y, qrTop + QR_SIZE) + 8;
  if (part.signed) for (const line of part.signed) doc.text(line, A4.margin, doc.y, { width: full, align: 'right', lineGap: 4 });
  doc.y += 10;
}

function cutLine(doc: PDFKit.PDFDocument): void {
  const y = doc.y + 8;
  doc.save().dash(4, { space: 3 }).moveTo(A4.margin, y).lineTo(A4.width - A4.margin, y).stroke().restore();
  doc.fontSize(8).text('—— 沿此线剪开 ——', A4.margin, y + 3, { width: A4.width - 2 * A4.margin, align: 'center' });
  doc.y = y + 30;
}

/**
 * The letter as a one-page A4 PDF with the CJK font embedded (subset). Without the font it cannot print
 * Chinese at all, so a missing font is ERR_LETTER_FONT_MISSING naming the package to install.
 */
export async function letterPdf(transfer: Transfer, calendar: OrgCalendar, font = CJK_FONT): Promise<Uint8Array> {
  if (!existsSync(font.path)) {
    throw new ApiError('ERR_LETTER_FONT_MISSING', `the CJK font ${font.path} is missing: install the Debian package fonts-noto-cjk (apt-get install fonts-noto-cjk)`, { font: font.path, package: 'fonts-noto-cjk' });
  }
  const text = letterText(transfer, calendar);
  const doc = new PDFDocument({ size: 'A4', margin: A4.margin, info: { Title: `${text.title} ${text.number}`, Subject: text.title, Keywords: `transfer ${transfer.id}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.path, font.name);
  doc.font('cjk');
  drawPart(doc, text, { heading: text.stub.heading, body: text.stub.lines });
  cutLine(doc);
  drawPart(doc, text, { heading: text.letter.heading, salutation: text.letter.salutation, body: text.letter.body, signed: [text.letter.signature, text.letter.date] });
  cutLine(doc);
  drawPart(doc, text, { heading: text.receipt.heading, salutation: text.receipt.salutation, body: text.receipt.body, signed: [text.receipt.signature, text.receipt.date] });
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
