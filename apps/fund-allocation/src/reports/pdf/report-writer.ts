import PDFDocument from 'pdfkit';
import { FontKey, REPORT_FONTS } from './report-fonts';

export interface Column {
  header: string;
  /** Share of the text width; the shares of a table add up to 1. */
  share: number;
  align?: 'left' | 'right';
}

export interface Cell {
  text: string;
  indent?: number;
}

interface TextOptions {
  size?: number;
  bold?: boolean;
  color?: string;
  width?: number;
  align?: 'left' | 'right';
}

const MARGIN = 44;
const BODY = 8.5;
// Tibetan stacks reach well above and below the Latin line: rows leave room for both.
const ROW = 2.1;
// Tibetan letters are drawn small for their point size: scaled up to read level with the Chinese.
const scaleOf = (font: FontKey): number => (font.startsWith('bo-') ? 1.15 : 1);

/**
 * A small layout layer over pdfkit: single-line cells that switch font per script (Chinese,
 * Tibetan) on one baseline, shrink or clip to their column, and tables that break across pages
 * with their header repeated. The document streams as it is drawn.
 */
export class ReportWriter {
  readonly doc: PDFKit.PDFDocument;
  private y = MARGIN;
  private page = 1;
  private readonly registered = new Set<FontKey>();

  constructor(
    info: { title: string; author: string },
    private readonly footer: (page: number) => string,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      info: { Title: info.title, Author: info.author, Creator: 'AidFlow' },
    });
    this.drawFooter();
  }

  get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  heading(text: string, size = 12): void {
    this.ensure(size * 3);
    this.y += size * 0.9;
    this.text(text, MARGIN, this.y + size * 1.2, { size, bold: true });
    this.y += size * ROW;
  }

  line(text: string, options: TextOptions = {}): void {
    const size = options.size ?? BODY + 1;
    this.ensure(size * ROW);
    this.text(text, MARGIN, this.y + size * 1.25, { width: this.width, ...options, size });
    this.y += size * ROW;
  }

  gap(points = 6): void {
    this.y += points;
  }

  table(columns: Column[], rows: { cells: Cell[]; bold?: boolean }[]): void {
    const widths = columns.map((c) => c.share * this.width);
    const rowHeight = BODY * ROW;
    const header = (): void => {
      this.ensure(rowHeight * 2);
      this.doc.rect(MARGIN, this.y, this.width, rowHeight).fill('#eef1f5');
      this.cells(
        columns.map((c) => ({ text: c.header })),
        columns,
        widths,
        true,
      );
    };
    header();
    for (const [i, row] of rows.entries()) {
      if (this.y + rowHeight > this.bottom) {
        this.newPage();
        header();
      }
      if (i % 2 === 1) this.doc.rect(MARGIN, this.y, this.width, rowHeight).fill('#f8f9fb');
      this.cells(row.cells, columns, widths, row.bold ?? false);
    }
    this.doc
      .moveTo(MARGIN, this.y)
      .lineTo(MARGIN + this.width, this.y)
      .lineWidth(0.5)
      .stroke('#9aa5b1');
    this.y += 4;
  }

  end(): void {
    this.doc.end();
  }

  private cells(cells: Cell[], columns: Column[], widths: number[], bold: boolean): void {
    let x = MARGIN;
    for (const [i, column] of columns.entries()) {
      const width = widths[i] ?? 0;
      const cell = cells[i] ?? { text: '' };
      const indent = (cell.indent ?? 0) * 10;
      this.text(cell.text, x + 3 + indent, this.y + BODY * 1.35, {
        size: BODY,
        bold,
        width: width - 6 - indent,
        align: column.align ?? 'left',
      });
      x += width;
    }
    this.y += BODY * ROW;
  }

  /** One line at baseline `baseline`; too wide for `width`, it shrinks to 6 pt and then is clipped. */
  private text(text: string, x: number, baseline: number, options: TextOptions): void {
    let size = options.size ?? BODY;
    const bold = options.bold ?? false;
    let shown = text;
    if (options.width !== undefined) {
      while (this.measure(shown, size, bold) > options.width && size > 6) size -= 0.5;
      while (shown.length > 1 && this.measure(shown, size, bold) > options.width)
        shown = `${[...shown].slice(0, -2).join('')}…`;
    }
    let cx = x;
    if (options.align === 'right' && options.width !== undefined)
      cx = x + options.width - this.measure(shown, size, bold);
    this.doc.fillColor(options.color ?? '#1f2933');
    for (const run of REPORT_FONTS.runs(shown, bold ? 'bold' : 'regular')) {
      this.use(run.font, size * scaleOf(run.font));
      this.doc.text(run.text, cx, baseline, { lineBreak: false, baseline: 'alphabetic' });
      cx += this.doc.widthOfString(run.text);
    }
  }

  private measure(text: string, size: number, bold: boolean): number {
    let width = 0;
    for (const run of REPORT_FONTS.runs(text, bold ? 'bold' : 'regular')) {
      this.use(run.font, size * scaleOf(run.font));
      width += this.doc.widthOfString(run.text);
    }
    return width;
  }

  private use(font: FontKey, size: number): void {
    if (!this.registered.has(font)) {
      this.doc.registerFont(font, REPORT_FONTS.buffer(font));
      this.registered.add(font);
    }
    this.doc.font(font).fontSize(size);
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN;
  }

  private ensure(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
  }

  private newPage(): void {
    this.doc.addPage();
    this.page += 1;
    this.y = MARGIN;
    this.drawFooter();
  }

  private drawFooter(): void {
    this.text(this.footer(this.page), MARGIN, this.doc.page.height - MARGIN / 2, {
      size: 7,
      color: '#52606d',
      width: this.width,
    });
  }
}
