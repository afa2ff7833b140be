import fs from 'node:fs';
import path from 'node:path';

import express from 'express';

/** Where `npm run build:dashboard` (Vite) writes the web app; `ORGO_DASHBOARD_DIR` points elsewhere (an image). */
export function dashboardDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ORGO_DASHBOARD_DIR || path.resolve(__dirname, '..', '..', '..', '..', 'dist', 'dashboard');
}

/** Paths the API, probes, metrics and docs answer: never the web app's. */
const NOT_THE_APP = /^\/(api|health|metrics)(\/|$)/i;

/** A hashed asset never changes under its name: a year, immutable. The page itself is checked every time. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';
const PAGE_CACHE = 'no-cache';

/**
 * The dashboard (apps/dashboard) under `/`: its hashed assets from `/assets/`, and its page for every
 * other GET a browser makes (the app routes in the browser: `/tasks/…`, `/report/<org>/<role>`).
 * Everything is served from this process; the page's Content-Security-Policy (set in
 * configure-http.ts) lets it load nothing from anywhere else.
 */
export function serveDashboard(app: express.Express, dir = dashboardDir()): void {
  const index = path.join(dir, 'index.html');
  app.use(
    '/assets',
    express.static(path.join(dir, 'assets'), {
      index: false,
      fallthrough: true,
      immutable: true,
      maxAge: '365d',
      setHeaders: (res) => res.setHeader('Cache-Control', ASSET_CACHE),
    }),
  );
  // An asset that is not there (an old build's name): a plain 404, never the page or an error.
  app.use('/assets', function missingAsset(_req: express.Request, res: express.Response) {
    res
      .status(404)
      .type('text/plain')
      .setHeader('Cache-Control', 'no-store')
      .send('No such asset: reload the page to get the current build.');
  });
  app.use(function dashboardPage(req: express.Request, res: express.Response, next: express.NextFunction) {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_THE_APP.test(req.path)) return next();
    // A file of the build (favicon, robots.txt) is served as it is; any other path a browser navigates
    // to (Accept: text/html) is the app's, dots included (`/report/northside/HR.Policy`); a request
    // for some other missing file is a 404, not the page.
    const relative = path.normalize(req.path).replace(/^([/\\])+/, '');
    const file = relative && !relative.startsWith('..') ? path.join(dir, relative) : null;
    const isFile = file !== null && file !== index && fs.existsSync(file) && fs.statSync(file).isFile();
    const navigation = (req.headers.accept ?? '').includes('text/html') || !path.extname(req.path);
    if (!isFile && !navigation) return next();
    if (!fs.existsSync(index)) {
      res
        .status(503)
        .type('text/plain')
        .setHeader('Cache-Control', 'no-store')
        .send(
          `The dashboard is not built here (no ${index}). Run npm run build:dashboard (npm start and npm test build it when it is missing), or set ORGO_DASHBOARD_DIR. The API answers at /api/v1.`,
        );
      return;
    }
    res.setHeader('Cache-Control', isFile ? 'public, max-age=3600' : PAGE_CACHE);
    res.sendFile(isFile && file ? file : index);
  });
}
