import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { POLICY } from '../auth/policy.ts';
import { API_ERROR_CODES } from '../errors.ts';
import { ErrorBodySchema } from '../schemas/common.ts';
import { KioskRequestHeadersSchema } from '../schemas/kiosks.ts';
import type { RouteDefinition } from './route.ts';

export const API_PREFIX = '/api/v1';

/** '/members/:number' → '/api/v1/members/{number}' */
export const openApiPath = (expressPath: string): string => `${API_PREFIX}${expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;

function security(route: RouteDefinition): RouteConfig['security'] {
  if (route.auth.kind === 'user') return [{ session: [] }];
  if (route.auth.kind === 'kiosk') return [{ kioskToken: [] }];
  return [];
}

function rolesNote(route: RouteDefinition): string | undefined {
  if (route.auth.kind !== 'user') return route.auth.kind === 'kiosk' ? 'Kiosk bearer token.' : 'Public.';
  const rules = POLICY[route.auth.action];
  const text = Object.entries(rules)
    .map(([role, reach]) => `${role} (${reach})`)
    .join(', ');
  return `Action \`${route.auth.action}\`: ${text}.`;
}

/**
 * The OpenAPI 3.1 document, generated from the same route declarations and zod schemas that validate
 * requests, so it cannot describe an API other than the one served.
 */
export function buildOpenApiDocument(routes: RouteDefinition[]): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'session', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Session token from POST /api/v1/auth/login (EdDSA, typ mic-session+jwt): 30 minutes, renewed by POST /api/v1/auth/renew up to 12 hours from signing in, ended by POST /api/v1/auth/logout.',
  });
  registry.registerComponent('securitySchemes', 'kioskToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Kiosk-signed JWT: header { alg: EdDSA, typ: mic-kiosk+jwt, kid }, claims { iss: kid, aud: member-card, iat, exp ≤ iat + 60 s, jti }.',
  });

  for (const route of routes) {
    const responses: RouteConfig['responses'] = {};
    // One status may come in several media (JSON or CSV of the same data): their contents merge.
    const byStatus = new Map<string, { description: string; content: Record<string, { schema: z.ZodType }> }>();
    for (const response of route.responses) {
      const entry = byStatus.get(String(response.status)) ?? { description: '', content: {} };
      entry.description = entry.description ? `${entry.description}; or ${response.description}` : response.description;
      if (response.schema) entry.content[response.media ?? 'application/json'] = { schema: response.schema };
      byStatus.set(String(response.status), entry);
    }
    for (const [status, { description, content }] of byStatus) {
      responses[status] = { description, ...(Object.keys(content).length > 0 ? { content } : {}) };
    }
    responses.default = { description: 'an error; `code` is stable', content: { 'application/json': { schema: ErrorBodySchema } } };
    registry.registerPath({
      method: route.method,
      path: openApiPath(route.path),
      summary: route.summary,
      description: [route.description, rolesNote(route)].filter(Boolean).join('\n\n'),
      tags: route.tags,
      security: security(route),
      request: {
        ...(route.params ? { params: route.params } : {}),
        ...(route.query ? { query: route.query } : {}),
        ...(route.auth.kind === 'kiosk' ? { headers: KioskRequestHeadersSchema } : {}),
        ...(route.body ? { body: { required: true, content: { [route.body.media]: { schema: route.body.schema } } } } : {}),
      },
      responses,
    });
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Member Card server',
      version: '1.0.0',
      description: `Errors are { error: { code, message, details? } }. Codes: ${API_ERROR_CODES.join(', ')}.`,
    },
    servers: [{ url: '/' }],
  });
}
