import express, { type RequestHandler } from 'express';
import { csvUploadText } from '../domain/csv-upload.ts';

/** The charset the Content-Type names (`text/csv; charset=gbk`), if it names one. */
const charsetOf = (contentType: string | undefined): string | undefined => /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];

/**
 * Reads a text/csv body as bytes and decodes it strictly (csv-upload.ts): a lenient decoder would turn a GBK file
 * sent as UTF-8 into garbled names without a word. The route gets the text.
 */
export function csvBodyParser(limit: string): RequestHandler {
  const raw = express.raw({ type: 'text/csv', limit });
  return (req, res, next) => {
    raw(req, res, (error?: unknown) => {
      if (error) return next(error);
      try {
        req.body = csvUploadText(req.body instanceof Uint8Array ? req.body : new Uint8Array(), charsetOf(req.headers['content-type']));
      } catch (refusal) {
        return next(refusal);
      }
      next();
    });
  };
}
