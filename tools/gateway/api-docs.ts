// GET /api/docs: the merged OpenAPI document (docs/openapi.json, written by `npm run openapi`) as
// JSON, or for a browser a Swagger UI page served from swagger-ui-dist (no CDN: the CSP is 'self').
import { createReadStream, promises as fs } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';

export const DOCS_PATH = '/api/docs';
export const DOCS_JSON_PATH = `${DOCS_PATH}/openapi.json`;
export const DEFAULT_OPENAPI_PATH = join(__dirname, '..', '..', 'docs', 'openapi.json');

/** The only files of swagger-ui-dist the page uses, and our initialiser (the CSP refuses inline scripts). */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '${DOCS_JSON_PATH}',
  dom_id: '#swagger-ui',
  deepLinking: true,
  tryItOutEnabled: false,
});
`;
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>AidFlow API</title>
<link rel="icon" href="${DOCS_PATH}/assets/favicon-32x32.png">
<link rel="stylesheet" href="${DOCS_PATH}/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_PATH}/assets/swagger-ui-bundle.js"></script>
<script src="${DOCS_PATH}/assets/init.js"></script>
</body>
</html>
`;

/** swagger-ui-dist as @nestjs/swagger (a direct dependency) pins it: no dependency of our own. */
function swaggerUiDir(): string {
  const swagger = dirname(require.resolve('@nestjs/swagger/package.json'));
  return dirname(require.resolve('swagger-ui-dist/package.json', { paths: [swagger] }));
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  cache = 'no-cache',
): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': cache,
  });
  res.end(body);
}

/** A browser asks for HTML first; anything else (curl, scripts, `Accept: application/json`) gets the document. */
export function wantsHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const html = accept.indexOf('text/html');
  const json = accept.indexOf('application/json');
  return html !== -1 && (json === -1 || html < json);
}

export type DocsTarget = 'document' | 'page' | 'negotiate' | { asset: string };

/** Which docs answer a path under /api/docs names, or undefined when none. */
export function docsTarget(pathname: string): DocsTarget | undefined {
  if (pathname === DOCS_PATH || pathname === `${DOCS_PATH}/`) return 'negotiate';
  if (pathname === DOCS_JSON_PATH) return 'document';
  if (pathname === `${DOCS_PATH}/index.html`) return 'page';
  const prefix = `${DOCS_PATH}/assets/`;
  if (pathname.startsWith(prefix)) {
    const name = pathname.slice(prefix.length);
    if (name === 'init.js' || ASSETS[name]) return { asset: name };
  }
  return undefined;
}

export async function serveApiDocs(
  req: IncomingMessage,
  res: ServerResponse,
  target: DocsTarget,
  documentPath: string = DEFAULT_OPENAPI_PATH,
): Promise<void> {
  if (typeof target === 'object') {
    if (target.asset === 'init.js')
      return send(res, 200, 'text/javascript; charset=utf-8', INIT_SCRIPT);
    const file = join(swaggerUiDir(), target.asset);
    const stats = await fs.stat(file);
    res.writeHead(200, {
      'content-type': ASSETS[target.asset] ?? 'application/octet-stream',
      'content-length': stats.size,
      'cache-control': 'public, max-age=3600',
    });
    createReadStream(file).pipe(res);
    return;
  }
  if (target === 'page' || (target === 'negotiate' && wantsHtml(req.headers.accept)))
    return send(res, 200, 'text/html; charset=utf-8', PAGE);
  send(res, 200, 'application/json; charset=utf-8', await fs.readFile(documentPath), 'no-store');
}
