import { protocol, type Session } from 'electron';
import { rendererHeaders } from '../host/content-security-policy.ts';
import { readUiFile } from '../host/ui-files.ts';

/*
 * The renderer loads from app://kiosk/, a privileged standard scheme served from the built files, rather
 * than file://: it gets a real origin (so the CSP's 'self' and the IPC sender check mean something) and
 * the same security headers as browser mode.
 */

const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://kiosk`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
}

export function serveRenderer(session: Session, uiDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.origin === APP_ORIGIN && request.method === 'GET' ? await readUiFile(uiDir, url.pathname) : undefined;
    if (!file) return new Response('not found', { status: 404, headers: rendererHeaders() });
    return new Response(new Uint8Array(file.body), { headers: { 'content-type': file.contentType, ...rendererHeaders() } });
  });
  // The kiosk screen talks to nothing but its preload: any web request it makes is a bug or an attack.
  session.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'file://*/*'] }, (_details, callback) =>
    callback({ cancel: true }),
  );
}
