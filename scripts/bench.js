#!/usr/bin/env node
// Runs bench/run-bench.ts from source (SWC, like the orgo command).
const path = require('node:path');

const root = path.resolve(__dirname, '..');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(root, 'tsconfig.base.json');
require('@swc-node/register');
require(path.join(root, 'bench', 'run-bench.ts'));
