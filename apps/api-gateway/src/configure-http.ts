import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import helmet from 'helmet';

import { serveDashboard } from './dashboard/dashboard-assets';

/**
 * A rule dry run carries a whole raw message (as text or base64): its route reads JSON bodies up to
 * the size of the largest message the parser takes (max_message_bytes, 10 MB by default) in base64.
 * Every other route keeps the default limit (100 kB).
 */
const RULE_TEST_BODY_LIMIT = '16mb';

/**
 * HTTP concerns of the API: security headers, strict input validation, body limits and the OpenAPI
 * document at /api/docs.
 */
export function configureHttp(app: INestApplication): void {
  // helmet's defaults (HSTS, nosniff, frame-ancestors 'none', no referrer, …) with a strict content
  // security policy: the dashboard and every answer load scripts, styles, fonts and data from this
  // origin only (images also as data: URLs: the MFA QR code), no inline script, no plug-in, no
  // framing. The Swagger UI at /api/docs alone runs its inline bootstrap script.
  const directives = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    // Standalone Orgo is often plain http on a laptop or a site network: requests stay as they are.
    'upgrade-insecure-requests': null,
  };
  const strict = helmet({ contentSecurityPolicy: { useDefaults: false, directives } });
  const docs = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...directives,
        'script-src': ["'self'", "'unsafe-inline'"],
        'style-src': ["'self'", "'unsafe-inline'"],
      },
    },
  });
  app.use(function securityHeaders(req: express.Request, res: express.Response, next: express.NextFunction) {
    (/^\/api\/docs/i.test(req.path) ? docs : strict)(req, res, next);
  });
  const http = app.getHttpAdapter().getInstance() as express.Express;
  http.disable('x-powered-by');
  // The web app (apps/dashboard) under `/`, with its own caching: hashed assets for a year, the page revalidated.
  serveDashboard(http);
  // Personal data (tasks, reporters, audit): no browser or proxy keeps a copy of an API answer.
  app.use(
    '/api/v1',
    function noStore(_req: express.Request, res: express.Response, next: express.NextFunction) {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Pragma', 'no-cache');
      next();
    },
  );
  // Registered before Nest's default parsers, which then leave the already-read body alone. Its own
  // name: Nest leaves out its default JSON parser when it finds a middleware called `jsonParser`.
  const ruleTestJson = express.json({ limit: RULE_TEST_BODY_LIMIT });
  app.use(
    '/api/v1/rules/test',
    function ruleTestBody(req: express.Request, res: express.Response, next: express.NextFunction) {
      ruleTestJson(req, res, next);
    },
  );
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
    }),
  );
  // No enableShutdownHooks: `orgo start` owns SIGTERM/SIGINT and closes every app in order; Nest's
  // hook would re-raise the signal once this app closed and end the process before the others.
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Orgo API')
      .setDescription('Email-driven workflow: tasks, routing, escalation, audit.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
