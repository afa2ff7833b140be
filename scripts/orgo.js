#!/usr/bin/env node
// Runs the `orgo` command from the TypeScript sources: SWC compiles each file as it loads
// (decorator metadata and the workspace's path aliases included), so there is no build step.
const path = require('node:path');

const root = path.resolve(__dirname, '..');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(root, 'tsconfig.base.json');
require('@swc-node/register');
require(path.join(root, 'apps', 'orgo', 'src', 'main.ts'));
