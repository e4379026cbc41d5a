// Regenerates docs/asyncapi.json from the catalogue: node -r ./tools/register.js libs/contracts/src/bin/write-asyncapi.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildAsyncApiDocument } from '../asyncapi';

export const ASYNCAPI_DOCUMENT_PATH = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'docs',
  'asyncapi.json',
);

function main(): void {
  mkdirSync(dirname(ASYNCAPI_DOCUMENT_PATH), { recursive: true });
  writeFileSync(ASYNCAPI_DOCUMENT_PATH, `${JSON.stringify(buildAsyncApiDocument(), null, 2)}\n`);
  process.stdout.write(`wrote ${ASYNCAPI_DOCUMENT_PATH}\n`);
}

if (require.main === module) main();
