import { expect } from 'vitest';
import type { z } from 'zod';

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** parsed JSON, or undefined when the body is empty or not JSON */
  body: unknown;
  text: string;
}

export interface CallOptions {
  /** bearer token (session or kiosk) */
  token?: string;
  /** sent as JSON unless `raw` is given */
  json?: unknown;
  /** sent as is (text as UTF-8, bytes byte for byte), with `contentType` */
  raw?: string | Uint8Array<ArrayBuffer>;
  contentType?: string;
  headers?: Record<string, string>;
}

/** One real HTTP request to the server under test. */
export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    headers['content-type'] = options.contentType ?? 'application/json';
  } else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

const describeResponse = (response: ApiResponse): string => `${response.status} ${response.text.slice(0, 400)}`;

/** Asserts a success status and parses the body with the API's own response schema. */
export function expectOk<T>(response: ApiResponse, status: number, schema: z.ZodType<T>): T {
  expect(response.status, describeResponse(response)).toBe(status);
  return schema.parse(response.body);
}

/** The error code of an error response, after checking the error body's shape. */
export function errorCode(response: ApiResponse): string | undefined {
  const body = response.body as { error?: { code?: unknown; message?: unknown } } | undefined;
  return typeof body?.error?.code === 'string' && typeof body.error.message === 'string' ? body.error.code : undefined;
}

export function expectError(response: ApiResponse, status: number, code: string): void {
  expect({ status: response.status, code: errorCode(response) }, describeResponse(response)).toEqual({ status, code });
}
