// The console's built files (dist/console, made by Vite) on the one origin: hashed assets cached
// for a year, index.html revalidated every time, and the SPA's own paths answered with index.html.
import { createReadStream, promises as fs, Stats } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { createGzip } from 'node:zlib';

export const DEFAULT_CONSOLE_DIR = join(__dirname, '..', '..', 'dist', 'console');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.svg',
  '.webmanifest',
  '.txt',
]);
/** Vite puts content-hashed files here: a new build gets new names, so they never go stale. */
const IMMUTABLE_PREFIX = '/assets/';

/** Headers every console response carries; the gateway's security headers are added by the caller. */
function baseHeaders(type: string): Record<string, string> {
  return { 'content-type': type, 'x-content-type-options': 'nosniff' };
}

async function statFile(path: string): Promise<Stats | undefined> {
  try {
    const stats = await fs.stat(path);
    return stats.isFile() ? stats : undefined;
  } catch {
    return undefined;
  }
}

function plain(
  res: ServerResponse,
  status: number,
  text: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...baseHeaders('text/plain; charset=utf-8'),
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(text);
}

/** The file under `root` a URL path names, or undefined for anything that would leave it. */
export function consoleFilePath(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const full = join(root, relative);
  return full === root || full.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)
    ? full
    : undefined;
}

export async function serveConsole(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  pathname: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    req.resume();
    return plain(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
  }
  const index = join(root, 'index.html');
  let file = pathname === '/' ? index : consoleFilePath(root, pathname);
  if (!file) return plain(res, 400, 'bad path');
  let stats = await statFile(file);
  if (!stats) {
    // A file that is not there (an old hashed asset, a typo) is a 404; a page path is the SPA's.
    if (pathname.startsWith(IMMUTABLE_PREFIX) || extname(pathname) !== '')
      return plain(res, 404, 'not found');
    file = index;
    stats = await statFile(index);
    if (!stats)
      return plain(
        res,
        503,
        'the console is not built yet: npm start builds it (or: npx nx build console)',
      );
  }
  const ext = extname(file);
  const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
  const headers: Record<string, string> = {
    ...baseHeaders(TYPES[ext] ?? 'application/octet-stream'),
    etag,
    'cache-control':
      file !== index && pathname.startsWith(IMMUTABLE_PREFIX)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const gzip =
    COMPRESSIBLE.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  if (COMPRESSIBLE.has(ext)) headers.vary = 'Accept-Encoding';
  if (gzip) headers['content-encoding'] = 'gzip';
  else headers['content-length'] = String(stats.size);
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  if (gzip) stream.pipe(createGzip()).pipe(res);
  else stream.pipe(res);
}
