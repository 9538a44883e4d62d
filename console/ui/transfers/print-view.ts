/**
 * Opens the server's printable letter (letter.html) in a new tab. The letter is fetched with the session
 * token (a plain link cannot carry it) and shown from a blob: URL, and a blob: page keeps the console's CSP,
 * which refuses inline <style>. So each of its style sheets is handed over as a blob: style sheet (the
 * console's CSP allows style sheets the console itself made). The text is rewritten, not parsed: parsing the
 * page here would apply its inline style to the console first, which the CSP refuses and reports. The letter
 * escapes everything it prints, so "</style>" only ever closes a style sheet.
 */
const STYLE_BLOCK = /<style\b[^>]*>([\s\S]*?)<\/style>/gi;

export function openPrintView(html: string): void {
  const urls: string[] = [];
  const blobUrl = (text: string, type: string): string => {
    const url = URL.createObjectURL(new Blob([text], { type }));
    urls.push(url);
    return url;
  };
  const page = html.replace(STYLE_BLOCK, (_block, css: string) => `<link rel="stylesheet" href="${blobUrl(css, 'text/css')}">`);
  window.open(blobUrl(page, 'text/html'), '_blank');
  // Long enough for the tab to load and for a slow print dialog; the letter can always be opened again.
  window.setTimeout(() => urls.forEach((url) => URL.revokeObjectURL(url)), 10 * 60_000);
}
