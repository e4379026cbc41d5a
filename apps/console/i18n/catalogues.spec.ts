import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

type Tree = { [key: string]: string | Tree };
const LANGUAGES = ['zh-CN', 'bo', 'en'] as const;
const SOURCE = join(__dirname, '..', 'src');

function load(language: string): Tree {
  return JSON.parse(readFileSync(join(__dirname, `${language}.json`), 'utf8')) as Tree;
}

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

function variables(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const catalogues = Object.fromEntries(LANGUAGES.map((l) => [l, flatten(load(l))])) as Record<
  (typeof LANGUAGES)[number],
  Map<string, string>
>;
const allKeys = [...new Set(LANGUAGES.flatMap((l) => [...catalogues[l].keys()]))].sort();

describe('console message catalogues (zh-CN, bo, en)', () => {
  it.each(LANGUAGES)('%s has every key, none of them empty', (language) => {
    const catalogue = catalogues[language];
    const missing = allKeys.filter((key) => !catalogue.has(key));
    const empty = allKeys.filter((key) => catalogue.get(key)?.trim() === '');
    expect({ language, missing, empty }).toEqual({ language, missing: [], empty: [] });
  });

  it('uses the same {{variables}} in every language', () => {
    const mismatched = allKeys.filter((key) => {
      const reference = JSON.stringify(variables(catalogues['zh-CN'].get(key) ?? ''));
      return LANGUAGES.some(
        (l) => JSON.stringify(variables(catalogues[l].get(key) ?? '')) !== reference,
      );
    });
    expect(mismatched).toEqual([]);
  });

  it('has Tibetan in the Tibetan catalogue (not copied English)', () => {
    const untranslated = allKeys.filter((key) => {
      const bo = catalogues.bo.get(key) ?? '';
      return bo === catalogues.en.get(key) && /[a-z]{3,}/i.test(bo) && !/^AidFlow$/.test(bo);
    });
    expect(untranslated).toEqual([]);
  });

  it('knows every key the source names literally, t("…")', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(SOURCE)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(match[1] ?? '');
    }
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((key) => !catalogues['zh-CN'].has(key)).sort()).toEqual([]);
  });
});
