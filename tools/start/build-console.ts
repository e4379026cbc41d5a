// Builds the console (Vite) when its sources changed since the last build; `npm start` calls this
// while the services boot. Run directly: node -r ./tools/register.js tools/start/build-console.ts [--force]
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const CONSOLE_SOURCE = join(ROOT, 'apps', 'console');
export const CONSOLE_DIST = join(ROOT, 'dist', 'console');
/** Libs the console bundles from source (a new generated client rebuilds it). */
const CONSOLE_LIBS = [join(ROOT, 'libs', 'api-client', 'src')];
const STAMP = join(CONSOLE_DIST, '.build-stamp');
/** Browser tests and unit specs do not change what the browser gets. */
const IGNORED = /(^|\/)(e2e|node_modules)(\/|$)|\.spec\.ts$|\.md$/;

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (IGNORED.test(relative(ROOT, path))) continue;
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/** Names, sizes and mtimes of every input, plus the lockfile (a new Vite or Preact rebuilds). */
export async function consoleFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  const inputs: string[] = [join(ROOT, 'package-lock.json')];
  for (const dir of [CONSOLE_SOURCE, ...CONSOLE_LIBS])
    for await (const file of files(dir)) inputs.push(file);
  inputs.sort();
  for (const file of inputs) {
    const stats = await fs.stat(file);
    hash.update(`${relative(ROOT, file)}\0${stats.size}\0${Math.floor(stats.mtimeMs)}\n`);
  }
  return hash.digest('hex');
}

export interface ConsoleBuild {
  built: boolean;
  ms: number;
}

export async function buildConsoleIfStale(
  options: { force?: boolean } = {},
): Promise<ConsoleBuild> {
  const since = Date.now();
  const fingerprint = await consoleFingerprint();
  const stamp = await fs.readFile(STAMP, 'utf8').catch(() => '');
  const built = await fs.stat(join(CONSOLE_DIST, 'index.html')).then(
    () => true,
    () => false,
  );
  if (!options.force && built && stamp.trim() === fingerprint)
    return { built: false, ms: Date.now() - since };
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        join(CONSOLE_SOURCE, 'vite.config.ts'),
      ],
      { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`the console build failed:\n${stderr || stdout || error.message}`));
        else resolve();
      },
    );
  });
  await fs.writeFile(STAMP, `${fingerprint}\n`);
  return { built: true, ms: Date.now() - since };
}

if (require.main === module) {
  const since = Date.now();
  buildConsoleIfStale({ force: process.argv.includes('--force') }).then(
    (result) => {
      process.stdout.write(
        `console ${result.built ? 'built' : 'up to date'} in ${((Date.now() - since) / 1000).toFixed(1)} s → ${relative(ROOT, CONSOLE_DIST)}\n`,
      );
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
