import * as fontkit from 'fontkit';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';

/**
 * The report's fonts, read from the @fontsource packages in node_modules (the same files the
 * console serves; never a CDN, never the system's). WOFF, not WOFF2: pdfkit's subsetter cannot
 * read WOFF2's transformed glyf table (the glyphs come out blank); unwrapped to TrueType once.
 * Each PDF embeds only the glyphs it uses.
 */
export type FontKey = `${'sc' | 'bo'}-${'regular' | 'bold'}` | `sc-${number}-${'regular' | 'bold'}`;

export interface TextRun {
  font: FontKey;
  text: string;
}

const WEIGHTS = { regular: 400, bold: 700 } as const;
type Weight = keyof typeof WEIGHTS;

function fontsourceFile(pkg: string, file: string): Buffer {
  return woffToSfnt(
    readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), 'files', file)),
  );
}

/**
 * WOFF 1.0 → the plain TrueType/OpenType file it wraps (tables inflated once). fontkit reads WOFF
 * too, but inflates a compressed table again on every glyph it fetches: with Noto Sans SC's 1.3 MB
 * glyf table that made one report take a minute.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') return woff;
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    return {
      tag: woff.readUInt32BE(at),
      checksum: woff.readUInt32BE(at + 16),
      data: compLength < origLength ? inflateSync(raw) : raw,
    };
  });
  const pow2 = 2 ** Math.floor(Math.log2(numTables));
  const header = Buffer.alloc(12 + 16 * numTables);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(pow2 * 16, 6);
  header.writeUInt16BE(Math.log2(pow2), 8);
  header.writeUInt16BE(numTables * 16 - pow2 * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  for (const [i, table] of tables.entries()) {
    header.writeUInt32BE(table.tag, 12 + i * 16);
    header.writeUInt32BE(table.checksum, 16 + i * 16);
    header.writeUInt32BE(offset, 20 + i * 16);
    header.writeUInt32BE(table.data.length, 24 + i * 16);
    const padded = Buffer.alloc((table.data.length + 3) & ~3);
    table.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  }
  return Buffer.concat(parts);
}

interface SubsetRange {
  index: number;
  from: number;
  to: number;
}

/** Loaded on first use and kept: a report should not re-read 1.5 MB of font per request. */
class ReportFonts {
  private readonly buffers = new Map<FontKey, Buffer>();
  private mainCoverage?: Set<number>;
  private ranges?: SubsetRange[];

  buffer(key: FontKey): Buffer {
    let buf = this.buffers.get(key);
    if (!buf) {
      buf = this.load(key);
      this.buffers.set(key, buf);
    }
    return buf;
  }

  /** Splits text into runs of one font: Tibetan, the simplified-Chinese set, or a rarer Han subset. */
  runs(text: string, weight: Weight): TextRun[] {
    const runs: TextRun[] = [];
    for (const ch of text) {
      const font = this.fontFor(ch.codePointAt(0) ?? 0, weight);
      const last = runs[runs.length - 1];
      if (last && last.font === font) last.text += ch;
      else runs.push({ font, text: ch });
    }
    return runs;
  }

  private fontFor(cp: number, weight: Weight): FontKey {
    if (cp >= 0x0f00 && cp <= 0x0fff) return `bo-${weight}`;
    if (this.coverage().has(cp)) return `sc-${weight}`;
    // Noto Sans SC's remaining characters are split by unicode-range into numbered subsets.
    const subset = this.subsetRanges().find((r) => cp >= r.from && cp <= r.to);
    return subset ? `sc-${subset.index}-${weight}` : `sc-${weight}`;
  }

  private load(key: FontKey): Buffer {
    const [family, ...rest] = key.split('-');
    const weight = WEIGHTS[rest[rest.length - 1] as Weight];
    if (family === 'bo')
      return fontsourceFile(
        '@fontsource/noto-serif-tibetan',
        `noto-serif-tibetan-tibetan-${weight}-normal.woff`,
      );
    const subset = rest.length === 2 ? rest[0] : 'chinese-simplified';
    return fontsourceFile(
      '@fontsource/noto-sans-sc',
      `noto-sans-sc-${subset}-${weight}-normal.woff`,
    );
  }

  private coverage(): Set<number> {
    if (!this.mainCoverage) {
      const font = fontkit.create(this.buffer('sc-regular'));
      this.mainCoverage = new Set(font.characterSet);
    }
    return this.mainCoverage;
  }

  private subsetRanges(): SubsetRange[] {
    if (!this.ranges) {
      const file = join(
        dirname(require.resolve('@fontsource/noto-sans-sc/package.json')),
        'unicode.json',
      );
      const map = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      this.ranges = [];
      for (const [name, list] of Object.entries(map)) {
        const index = /^\[(\d+)\]$/.exec(name)?.[1];
        if (index === undefined) continue;
        for (const part of list.split(',')) {
          const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
          if (!from) continue;
          this.ranges.push({
            index: Number(index),
            from: parseInt(from, 16),
            to: parseInt(to ?? from, 16),
          });
        }
      }
    }
    return this.ranges;
  }
}

export const REPORT_FONTS = new ReportFonts();
