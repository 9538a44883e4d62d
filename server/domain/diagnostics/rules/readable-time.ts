/**
 * An instant as an explanation quotes it: '2026-11-27T00:45:12.345Z' → '2026-11-27 00:45 UTC'. Stated in
 * UTC on purpose: the text is stored with the finding and read anywhere, so it names its zone.
 */
export const readableTime = (iso: unknown): string => (typeof iso === 'string' && iso.length >= 16 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '?');
