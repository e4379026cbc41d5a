// Runs TypeScript sources directly (swc keeps decorator metadata, which Nest's DI needs; esbuild-based loaders do not).
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', 'tsconfig.base.json');
require('@swc-node/register');
