import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { saveCard } from '../lib/card-state-file.ts';
import { VpcdCard } from '../lib/vpcd-card.ts';
import type { DemoMember } from './seed-county.ts';

/** How long the card stays on the reader after its last APDU: the kiosk has finished by then. */
const QUIET_MS = 700;
const MAX_ON_READER_MS = 5000;

const escape = (text: string): string => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function page(members: DemoMember[]): string {
  const rows = members
    .map((m) => `<li><button data-member="${escape(m.member)}">刷卡 Tap</button> ${escape(m.name)} <small>${escape(m.orgName)}${m.revoked ? ' · 已挂失 (lost)' : ''}</small></li>`)
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>演示卡片 Demo cards</title>
<style>body{font:18px system-ui,sans-serif;margin:2em;max-width:48em}li{margin:.4em 0;list-style:none}button{font-size:18px;padding:.3em 1em}small{color:#555}#state{font-weight:bold}</style>
<h1>演示卡片 · Demo cards</h1><p>点“刷卡”把这张卡放到虚拟读卡器上（Virtual PCD 00 00），再看签到机屏幕。 Press Tap to hold that card to the virtual reader, then watch the kiosk screen.</p>
<p id="state">&nbsp;</p><ul>${rows}</ul>
<script>
for (const b of document.querySelectorAll('button')) b.onclick = async () => {
  const state = document.getElementById('state');
  state.textContent = '…';
  const r = await fetch('/tap/' + b.dataset.member, { method: 'POST' });
  state.textContent = r.ok ? '已刷卡 ' + b.dataset.member + ' · tapped' : await r.text();
};
</script></html>`;
}

/** Holds one member's virtual card to the reader until the kiosk has finished with it, then lifts it. */
async function tap(member: DemoMember, reader: number): Promise<void> {
  const applet = ReferenceApplet.load(JSON.parse(readFileSync(member.cardFile, 'utf8')));
  let lastApdu = 0;
  const card = new VpcdCard(applet, {
    reader,
    onStateChange: () => {
      lastApdu = Date.now();
      saveCard(member.cardFile, applet);
    },
  });
  await card.insert();
  const placed = Date.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = Date.now();
      if ((lastApdu > 0 && now - lastApdu > QUIET_MS) || now - placed > MAX_ON_READER_MS) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
  });
  await card.remove();
}

/** A small page listing the demo members; each button taps that member's card on the virtual reader. */
export async function startCardTapper(members: DemoMember[], options: { port?: number; reader?: number } = {}): Promise<{ url: string; server: Server }> {
  const byNumber = new Map(members.map((m) => [m.member, m]));
  let busy = false;
  const server = createServer((request, response) => {
    const match = /^\/tap\/([A-Za-z0-9-]+)$/.exec(request.url ?? '');
    if (request.method === 'POST' && match) {
      const member = byNumber.get(match[1]!);
      if (!member) return void response.writeHead(404).end('没有这个党员 (no such member)');
      if (busy) return void response.writeHead(409).end('读卡器上已有一张卡 (a card is on the reader)');
      busy = true;
      tap(member, options.reader ?? 0).then(
        () => response.writeHead(204).end(),
        (error: unknown) => response.writeHead(500).end(String(error)),
      ).finally(() => {
        busy = false;
      });
      return;
    }
    if (request.method === 'GET' && request.url === '/') return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(members));
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}
