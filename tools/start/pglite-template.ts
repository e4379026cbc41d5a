// An initialised, empty PGlite data directory, kept as a tarball under tmp/pglite/ (per PGlite
// version): initdb in WASM takes seconds per instance (23 s measured on a loaded machine, against
// 3.5 s to load the tarball), and every instance of every run would otherwise repeat it.
import { PGlite } from '@electric-sql/pglite';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function pgliteVersion(): string {
  // The package exports no ./package.json; its entry point sits in dist/.
  const manifest = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** The template's path; creates it (one initdb) when it is missing. */
export async function pgliteTemplate(): Promise<string> {
  const file = join(ROOT, 'tmp', 'pglite', `pgdata-${pgliteVersion()}.tar`);
  if (existsSync(file)) return file;
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('none');
  await db.close();
  await mkdir(join(ROOT, 'tmp', 'pglite'), { recursive: true });
  // Written aside and renamed: a concurrent start never reads half a tarball.
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, file);
  return file;
}

/** A fresh in-memory instance from the template. */
export async function pgliteFromTemplate(file: string): Promise<PGlite> {
  return PGlite.create({ loadDataDir: new Blob([await readFile(file)]) });
}
