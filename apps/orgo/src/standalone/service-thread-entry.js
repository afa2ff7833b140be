/* eslint-disable @typescript-eslint/no-require-imports */
// The file a standalone service thread starts with (service-thread.ts). A worker thread does not
// inherit the main thread's require hooks: run from source (scripts/orgo.js registers
// @swc-node/register), it registers SWC itself — the same compiler options and path aliases, from
// SWC_NODE_PROJECT — before it loads the TypeScript worker; compiled, it loads the JavaScript one.
// Plain JavaScript for that reason, like the parser's mime-parse.worker.mjs.
const fs = require('node:fs');
const path = require('node:path');

const source = path.join(__dirname, 'service-thread.worker.ts');
if (fs.existsSync(source)) {
  process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.resolve(__dirname, '..', '..', '..', '..', 'tsconfig.base.json');
  require('@swc-node/register');
  require(source);
} else {
  require(path.join(__dirname, 'service-thread.worker.js'));
}
