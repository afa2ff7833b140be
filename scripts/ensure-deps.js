#!/usr/bin/env node
// Makes `npm start` and `npm test` work as the very first command on a fresh clone: when the
// dependencies are missing or stale (package-lock.json newer than the install), installs them
// with `npm install` (which follows package-lock.json), then checks that the native modules (SQLite, argon2) load. Says what to do when
// something cannot be fixed from here.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Orgo needs Node.js 20.19 or newer; this is ${process.version}. Install a newer Node.js and try again.`);
  process.exit(1);
}

function installed() {
  if (!fs.existsSync(stamp)) return false;
  return fs.statSync(stamp).mtimeMs >= fs.statSync(lock).mtimeMs - 1000;
}

function nativeModulesLoad() {
  const probe = "require('better-sqlite3')(':memory:').close(); require('argon2');";
  return spawnSync(process.execPath, ['-e', probe], { cwd: root, stdio: 'ignore' }).status === 0;
}

if (!installed() || !nativeModulesLoad()) {
  console.error('Installing dependencies (npm install; native modules build from source, a few minutes the first time)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('npm install failed (see above). Native modules need python3, make and a C++ compiler to build.');
    process.exit(result.status ?? 1);
  }
  if (!nativeModulesLoad()) {
    console.error('better-sqlite3 or argon2 did not build. Install python3, make and g++ (build-essential), then run: npm rebuild better-sqlite3 argon2');
    process.exit(1);
  }
}

// The web dashboard the api-gateway serves under `/` (built when missing or older than its sources).
require('./build-dashboard.js').buildDashboard({ soft: true });
