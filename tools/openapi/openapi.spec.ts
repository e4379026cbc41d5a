import { readFileSync } from 'node:fs';
import {
  buildOpenApiDocument,
  DOCUMENT_PATH,
  documentText,
  TYPES_PATH,
  typesText,
} from './generate';

// Builds everything `npm run openapi` writes and compares it with the checked-in files.
describe('npm run openapi', () => {
  jest.setTimeout(180_000);

  it('docs/openapi.json and the client types are up to date (run `npm run openapi`)', async () => {
    const document = await buildOpenApiDocument();
    expect(readFileSync(DOCUMENT_PATH, 'utf8')).toBe(documentText(document));
    expect(readFileSync(TYPES_PATH, 'utf8')).toBe(await typesText(document));
  });
});
