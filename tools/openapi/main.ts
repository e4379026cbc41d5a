// npm run openapi: regenerates docs/openapi.json and libs/api-client's generated types.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import {
  buildOpenApiDocument,
  DOCUMENT_PATH,
  documentText,
  REPO_ROOT,
  TYPES_PATH,
  typesText,
} from './generate';

async function main(): Promise<void> {
  const document = await buildOpenApiDocument();
  const outputs: [string, string][] = [
    [DOCUMENT_PATH, documentText(document)],
    [TYPES_PATH, await typesText(document)],
  ];
  for (const [path, text] of outputs) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    process.stdout.write(`wrote ${relative(REPO_ROOT, path)}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
