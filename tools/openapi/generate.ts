// `npm run openapi`: each service's document (its own openapi.ts entry, built by @nestjs/swagger
// from controllers and DTOs) + response schemas from the handlers' return types, merged into
// docs/openapi.json, and the typed client's types generated from it by openapi-typescript.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SERVICE_APPS, SERVICE_KEYS, ServiceKey } from '../gateway/routes';
import { mergeDocuments, OpenApiDocument } from './merge';
import { returnTypeSchemas } from './return-types';

export const REPO_ROOT = join(__dirname, '..', '..');
export const DOCUMENT_PATH = join(REPO_ROOT, 'docs', 'openapi.json');
export const TYPES_PATH = join(REPO_ROOT, 'libs', 'api-client', 'src', 'generated', 'openapi.ts');

const run = promisify(execFile);

async function serviceDocument(key: ServiceKey): Promise<OpenApiDocument> {
  const entry = join(REPO_ROOT, 'apps', SERVICE_APPS[key], 'src', 'openapi.ts');
  const { stdout } = await run(
    process.execPath,
    ['-r', join(REPO_ROOT, 'tools', 'register.js'), entry],
    {
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, LOG_LEVEL: 'error' },
    },
  );
  return JSON.parse(stdout) as OpenApiDocument;
}

function controllerFiles(): string[] {
  const files: string[] = [];
  for (const base of ['apps', 'libs']) {
    for (const entry of readdirSync(join(REPO_ROOT, base), { recursive: true, encoding: 'utf8' })) {
      if (entry.endsWith('.controller.ts') && !entry.includes('node_modules'))
        files.push(join(REPO_ROOT, base, entry));
    }
  }
  return files.sort();
}

/** The merged document, as docs/openapi.json holds it. */
export async function buildOpenApiDocument(): Promise<OpenApiDocument> {
  const documents = await Promise.all(SERVICE_KEYS.map((key) => serviceDocument(key)));
  const byService = Object.fromEntries(SERVICE_KEYS.map((key, i) => [key, documents[i]])) as Record<
    ServiceKey,
    OpenApiDocument
  >;
  return mergeDocuments(byService, returnTypeSchemas(REPO_ROOT, controllerFiles()));
}

export function documentText(document: OpenApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * The client's types (openapi-typescript 7), formatted like the rest of the repo. Run in a child
 * process: openapi-typescript's dependencies load as ESM, which Jest's module system refuses.
 */
export async function typesText(document: OpenApiDocument): Promise<string> {
  const cli = join(REPO_ROOT, 'tools', 'openapi', 'types-cli.ts');
  const child = execFile(process.execPath, ['-r', join(REPO_ROOT, 'tools', 'register.js'), cli], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = new Promise<string>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`openapi-typescript failed: ${stderr}`)),
    );
  });
  child.stdin?.end(JSON.stringify(document));
  return output;
}
