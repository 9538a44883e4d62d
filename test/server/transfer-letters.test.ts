import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { QR_OPTIONS } from '../../server/letters/letter-html.ts';
import { CJK_FONT, letterPdf } from '../../server/letters/letter-pdf.ts';
import type { TransferView } from '../../server/schemas/transfers.ts';
import { createTree, userToken } from './support/fixtures.ts';
import { expectError } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { act, issued, memberSince } from './support/transfer-world.ts';

describe('the printable transfer letter (HTML print view and PDF)', () => {
  let t: TestServer;
  let letter: TransferView;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    letter = await issued(t, (await memberSince(t, 'A1', '2020-01-01', '王<b>芳</b>')).memberNumber, 'B1', 45);
  });
  afterAll(() => t.close());

  it('prints the stub, the letter and the receipt in Chinese, with the QR code of the letter id, self-contained', async () => {
    const page = await t.call('GET', `/api/v1/transfers/${letter.id}/letter.html`, { token: await t.adminToken() });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    for (const words of ['中国共产党党员组织关系介绍信', '（存根）', '（介绍信）', '（回执）', '沿此线剪开', '甲镇第一支部', '乙镇第一支部', '有效期45天', '工作调动', `编号：${letter.id}`]) {
      expect(page.text).toContain(words);
    }
    expect(page.text).toContain('兹介绍王&lt;b&gt;芳&lt;/b&gt;');
    expect(page.text).not.toContain('<b>芳');
    const qr = await QRCode.toString(letter.id, QR_OPTIONS);
    expect(page.text.split(qr).length - 1).toBe(3);
    expect(page.text).not.toMatch(/<script|src=/i);
  });

  it('marks a letter that is no longer open as void on the print', async () => {
    const other = await issued(t, (await memberSince(t, 'A1', '2020-01-01')).memberNumber, 'B1');
    expect((await act(t, await t.adminToken(), other.id, 'cancel', {})).status).toBe(200);
    const page = await t.call('GET', `/api/v1/transfers/${other.id}/letter.html`, { token: await t.adminToken() });
    expect(page.text).toContain('已撤销，作废');
    expect((await t.call('GET', `/api/v1/transfers/${letter.id}/letter.html`, { token: await t.adminToken() })).text).not.toContain('作废');
  });

  it('renders a one-page A4 PDF with the CJK font embedded and the letter id in its metadata', async () => {
    const pdf = await t.call('GET', `/api/v1/transfers/${letter.id}/letter.pdf`, { token: await t.adminToken() });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`inline; filename="transfer-${letter.id}.pdf"`);
    const bytes = Buffer.from(await (await fetch(`${t.url}/api/v1/transfers/${letter.id}/letter.pdf`, { headers: { authorization: `Bearer ${await t.adminToken()}` } })).arrayBuffer());
    const text = bytes.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansCJKsc-Regular/);
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(1);
    expect(text).toContain(`(transfer ${letter.id})`);
  });

  it('says which package to install when the CJK font is missing', async () => {
    const transfer = (await t.server.context.read.transfers.byId(letter.id))!;
    await expect(letterPdf(transfer, t.server.context.calendar, { ...CJK_FONT, path: '/nonexistent/NotoSansCJK-Regular.ttc' })).rejects.toMatchObject({
      code: 'ERR_LETTER_FONT_MISSING',
      message: expect.stringContaining('fonts-noto-cjk'),
    });
  });

  it('shows the letter to either end only: a secretary of a third organisation is refused', async () => {
    const receiving = await userToken(t, 'secretary', 'B1');
    expect((await t.call('GET', `/api/v1/transfers/${letter.id}/letter.pdf`, { token: receiving })).status).toBe(200);
    expectError(await t.call('GET', `/api/v1/transfers/${letter.id}/letter.html`, { token: await userToken(t, 'secretary', 'A2') }), 403, 'ERR_OUT_OF_SCOPE');
  });
});
