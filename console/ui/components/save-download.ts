import type { Download } from '../api/http-client.ts';

/**
 * Hands a file fetched with the session to the browser's own download. The token cannot ride on a plain
 * link, so the file is fetched first and saved from memory; `fallbackName` is used when the server names none.
 */
export function saveDownload(download: Download, fallbackName: string): void {
  const url = URL.createObjectURL(download.blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = download.filename ?? fallbackName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The click has started the download; the object URL is no longer needed once it has been read.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
