#!/usr/bin/env node
// Builds the web dashboard (apps/dashboard, React + Vite) into dist/dashboard, which the api-gateway
// serves under `/`. Skips the build when dist/dashboard is newer than every source file of the app,
// so `npm start` and `npm test` pay for it only after a change (a few seconds). `--force` always builds.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const app = path.join(root, 'apps', 'dashboard');
const out = path.join(root, 'dist', 'dashboard');
const stamp = path.join(out, 'index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

function upToDate() {
  if (!fs.existsSync(stamp)) return false;
  const built = fs.statSync(stamp).mtimeMs;
  return built >= newest(app) && built >= fs.statSync(path.join(root, 'package-lock.json')).mtimeMs;
}

if (process.argv.includes('--force') || !upToDate()) {
  console.error('Building the dashboard (apps/dashboard → dist/dashboard)…');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: app, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The dashboard did not build (see above). The API still works; fix the error and run npm run build:dashboard.');
    process.exit(result.status ?? 1);
  }
}
