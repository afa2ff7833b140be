import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import helmet from 'helmet';

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
  // helmet's defaults (HSTS, nosniff, frame-ancestors 'none', no referrer, …); the content security
  // policy lets the Swagger UI at /api/docs run its inline bootstrap script.
  app.use(helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"] } } }));
  (app.getHttpAdapter().getInstance() as express.Express).disable('x-powered-by');
  // Personal data (tasks, reporters, audit): no browser or proxy keeps a copy of an API answer.
  app.use('/api/v1', function noStore(_req: express.Request, res: express.Response, next: express.NextFunction) {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    next();
  });
  // Registered before Nest's default parsers, which then leave the already-read body alone. Its own
  // name: Nest leaves out its default JSON parser when it finds a middleware called `jsonParser`.
  const ruleTestJson = express.json({ limit: RULE_TEST_BODY_LIMIT });
  app.use('/api/v1/rules/test', function ruleTestBody(req: express.Request, res: express.Response, next: express.NextFunction) {
    ruleTestJson(req, res, next);
  });
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, transformOptions: { enableImplicitConversion: false } }),
  );
  app.enableShutdownHooks();
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
