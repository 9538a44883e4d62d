import QRCode from 'qrcode';
import type { OrgCalendar } from '../../shared/org-calendar.ts';
import type { Transfer } from '../store/repositories/transfers.ts';
import { letterText } from './letter-text.ts';

/** The QR code of the letter id, as the kiosk and the console scan it; the same options for HTML and tests. */
export const QR_OPTIONS = { type: 'svg', errorCorrectionLevel: 'M', margin: 1 } as const;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

const paragraphs = (lines: string[]): string => lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');

/** Self-contained (no scripts, no external files): the response forbids anything else with its CSP. */
export const LETTER_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The print view: A4, the three parts separated by cut lines, each numbered and carrying the QR code. */
export async function letterHtml(transfer: Transfer, calendar: OrgCalendar): Promise<string> {
  const text = letterText(transfer, calendar);
  const qr = await QRCode.toString(transfer.id, QR_OPTIONS);
  const number = `<p class="number">编号：${escapeHtml(text.number)}</p>`;
  const notice = text.notice === null ? '' : `<p class="notice">${escapeHtml(text.notice)}</p>`;
  const cut = '<div class="cut">✂ ········· 沿此线剪开 ·········</div>';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(text.title)} ${escapeHtml(text.number)}</title>
<style>
  @page { size: A4; margin: 16mm; }
  body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "Songti SC", serif; font-size: 15px; line-height: 1.8; color: #000; max-width: 180mm; margin: 0 auto; }
  section { position: relative; padding: 6mm 0; }
  h1 { font-size: 20px; text-align: center; margin: 0 0 2mm; letter-spacing: 0.2em; }
  h2 { font-size: 16px; text-align: center; margin: 0 0 3mm; }
  .number { font-size: 12px; margin: 0; }
  .qr { position: absolute; right: 0; top: 14mm; width: 26mm; height: 26mm; }
  .qr svg { width: 100%; height: 100%; }
  .signature, .date { text-align: right; margin: 1mm 0; }
  .notice { border: 2px solid #b00; color: #b00; font-weight: bold; text-align: center; padding: 2mm; }
  .cut { border-top: 1px dashed #000; text-align: center; font-size: 12px; color: #444; padding-top: 1mm; }
  @media print { .cut { break-inside: avoid; } }
</style>
</head>
<body>
<section class="stub">
<h1>${escapeHtml(text.title)}</h1>
<h2>（${escapeHtml(text.stub.heading)}）</h2>
${number}
<div class="qr">${qr}</div>
${notice}
${paragraphs(text.stub.lines)}
</section>
${cut}
<section class="letter">
<h1>${escapeHtml(text.title)}</h1>
<h2>（${escapeHtml(text.letter.heading)}）</h2>
${number}
<div class="qr">${qr}</div>
${notice}
<p>${escapeHtml(text.letter.salutation)}</p>
${paragraphs(text.letter.body)}
<p class="signature">${escapeHtml(text.letter.signature)}</p>
<p class="date">${escapeHtml(text.letter.date)}</p>
</section>
${cut}
<section class="receipt">
<h1>${escapeHtml(text.title)}</h1>
<h2>（${escapeHtml(text.receipt.heading)}）</h2>
${number}
<div class="qr">${qr}</div>
<p>${escapeHtml(text.receipt.salutation)}</p>
${paragraphs(text.receipt.body)}
<p class="signature">${escapeHtml(text.receipt.signature)}</p>
<p class="date">${escapeHtml(text.receipt.date)}</p>
</section>
</body>
</html>
`;
}
