import { request } from 'node:http';

export interface RawRequest {
  method: string;
  /** the request target exactly as it goes on the wire: path and query, already percent-encoded (or deliberately not) */
  target: string;
  headers?: Record<string, string>;
  body?: string;
}

export type RawOutcome =
  | { kind: 'answered'; status: number; contentType: string; text: string }
  | { kind: 'timeout' }
  | { kind: 'failed'; error: string };

/**
 * One request sent byte for byte: fetch normalises the target ('..', '%2E') and refuses a body on a GET, and
 * both are what a hostile client does. An answer that does not come within `timeoutMs` is a hang, not a wait.
 */
export function rawRequest(baseUrl: string, raw: RawRequest, timeoutMs: number): Promise<RawOutcome> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...raw.headers };
    if (raw.body !== undefined) headers['content-length'] = Buffer.byteLength(raw.body);
    let req: ReturnType<typeof request>;
    try {
      req = request({ host: url.hostname, port: url.port, method: raw.method, path: raw.target, headers });
    } catch (error) {
      // Node refuses some targets itself (unescaped characters): that request never reached the server.
      resolve({ kind: 'failed', error: error instanceof Error ? error.message : String(error) });
      return;
    }
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ kind: 'timeout' });
    }, timeoutMs);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ kind: 'answered', status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (error) => {
        clearTimeout(timer);
        resolve({ kind: 'failed', error: error.message });
      });
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      resolve({ kind: 'failed', error: error.message });
    });
    req.end(raw.body);
  });
}
