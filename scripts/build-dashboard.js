#!/usr/bin/env node
// Builds the web dashboard (apps/dashboard, React + Vite) into dist/dashboard, which the api-gateway
// serves under `/`. Skips the build when the last one saw exactly the same inputs (apps/dashboard and
// libs/domain, which the bundle includes: every file's path, size and mtime), so `npm start` and
// `npm test` pay for it only after a change (a few seconds). `--force` always builds.
//
// A build never removes the assets of the one before (a page already open keeps loading its
// chunks); assets no build has referenced for a day are pruned.
//
// Called by ensure-deps (soft: a failed build is reported and `npm start` goes on, the API answers
// and `/` says the dashboard is not built) and by the test setup and `npm run build:dashboard`
// (hard: exit 1).
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const inputs = [path.join(root, 'apps', 'dashboard'), path.join(root, 'libs', 'domain', 'src'), path.join(root, 'package-lock.json')];
const out = path.join(root, 'dist', 'dashboard');
const stamp = path.join(out, '.inputs');
const DAY_MS = 86_400_000;

function list(entry, into) {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return into.push(`${path.relative(root, entry)}:${stat.size}:${stat.mtimeMs}`);
  for (const name of fs.readdirSync(entry).sort()) if (name !== 'node_modules') list(path.join(entry, name), into);
  return into;
}

function fingerprint() {
  return crypto.createHash('sha256').update(inputs.flatMap((i) => list(i, [])).join('\n')).digest('hex');
}

function prune() {
  const assets = path.join(out, 'assets');
  if (!fs.existsSync(assets)) return;
  const current = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
  for (const name of fs.readdirSync(assets)) {
    const file = path.join(assets, name);
    if (!current.includes(name) && Date.now() - fs.statSync(file).mtimeMs > DAY_MS) fs.rmSync(file, { force: true });
  }
}

/** Builds when stale; returns whether the dashboard is usable. */
function buildDashboard({ force = false, soft = false } = {}) {
  const wanted = fingerprint();
  if (!force && fs.existsSync(path.join(out, 'index.html')) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) return true;
  console.error('Building the dashboard (apps/dashboard → dist/dashboard)…');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: path.join(root, 'apps', 'dashboard'), stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The dashboard did not build (see above): fix the error and run npm run build:dashboard.' + (soft ? ' Orgo runs without it (the API answers; / says it is not built).' : ''));
    if (!soft) process.exit(result.status ?? 1);
    return false;
  }
  fs.writeFileSync(stamp, wanted);
  prune();
  return true;
}

module.exports = { buildDashboard };

if (require.main === module) buildDashboard({ force: process.argv.includes('--force') });
