import compression from 'compression';
import express, { type Express } from 'express';
import type { ServerContext } from '../context.ts';
import { mountConsole } from './console-static.ts';
import { errorHandler, routeNotFound } from './error-handler.ts';
import { API_PREFIX, buildOpenApiDocument } from './openapi.ts';
import { requestLog } from './request-log.ts';
import { publicRoute, type RouteDefinition } from './route.ts';
import { alarmRoutes } from './routes/alarm-routes.ts';
import { auditRoutes } from './routes/audit-routes.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { bundleRoutes } from './routes/bundle-routes.ts';
import { cardRoutes } from './routes/card-routes.ts';
import { eventRoutes } from './routes/event-routes.ts';
import { findingRoutes } from './routes/finding-routes.ts';
import { flowRoutes } from './routes/flow-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { historyRoutes } from './routes/history-routes.ts';
import { issuerRoutes } from './routes/issuer-routes.ts';
import { kioskRoutes } from './routes/kiosk-routes.ts';
import { letterRoutes } from './routes/letter-routes.ts';
import { logRoutes } from './routes/log-routes.ts';
import { meetingRoutes } from './routes/meeting-routes.ts';
import { memberRoutes } from './routes/member-routes.ts';
import { mobileRoutes } from './routes/mobile-routes.ts';
import { orgRoutes } from './routes/org-routes.ts';
import { transferRoutes } from './routes/transfer-routes.ts';
import { userRoutes } from './routes/user-routes.ts';

/** Every route of the API. */
export const API_ROUTES: RouteDefinition[] = [
  ...healthRoutes,
  ...authRoutes,
  ...orgRoutes,
  ...memberRoutes,
  ...userRoutes,
  ...issuerRoutes,
  ...cardRoutes,
  ...kioskRoutes,
  ...meetingRoutes,
  ...auditRoutes,
  ...eventRoutes,
  ...alarmRoutes,
  ...logRoutes,
  ...transferRoutes,
  ...mobileRoutes,
  ...historyRoutes,
  ...flowRoutes,
  ...bundleRoutes,
  ...letterRoutes,
  ...findingRoutes,
];

function openApiRoute(document: () => object): RouteDefinition {
  return publicRoute({
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    tags: ['system'],
    responses: [{ status: 200, description: 'the OpenAPI 3.1 document' }],
    async handle() {
      return { status: 200, body: document() };
    },
  });
}

export function createApp(ctx: ServerContext, extraRoutes: RouteDefinition[] = []): Express {
  const app = express();
  app.disable('x-powered-by');
  // ETags are computed where they mean something (kiosk config), never over arbitrary bodies.
  app.set('etag', false);
  app.use(requestLog(ctx.logger));
  // Lists and reports are JSON that shrinks about tenfold (a province's organisation directory is 27.5 MiB plain);
  // zlib works on libuv's threads, and a client that accepts no encoding gets none.
  app.use(compression());
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });

  let document: object | undefined;
  const routes: RouteDefinition[] = [...API_ROUTES, ...extraRoutes];
  routes.push(openApiRoute(() => (document ??= buildOpenApiDocument(routes))));

  const api = express.Router();
  for (const route of routes) api[route.method](route.path, (req, res) => route.run(req, res, ctx));
  app.use(API_PREFIX, api);
  const health = healthRoutes[0];
  if (health) app.get('/healthz', (req, res) => health.run(req, res, ctx));
  mountConsole(app);

  app.use(routeNotFound);
  app.use(errorHandler(ctx.logger));
  return app;
}
