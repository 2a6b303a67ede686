/**
 * Labelled PNG image grids (family sheets, generation rows, candidate grids):
 * rows of square face cells with an optional row title and per-cell captions.
 * sharp composes the images; captions are SVG text rendered by libvips.
 */
import sharp, { type OverlayOptions } from 'sharp';
import { InputError } from '../../domain/errors';

export interface GridCell {
  png: Buffer;
  caption?: string;
  subcaption?: string;
}

export interface GridRow {
  title?: string;
  cells: GridCell[];
}

export interface GridOptions {
  cellSize: number;
  labels: boolean;
  gap?: number;
  background?: string;
  onProgress?: (done: number, total: number) => void;
}

const TITLE_WIDTH = 150;
const TITLE_SIZE = 15;

export function gridLayout(rows: GridRow[], opts: GridOptions) {
  const gap = opts.gap ?? 12;
  // Two caption lines (13 px and 11 px at 1.3 line height) plus padding.
  const captionH = opts.labels ? Math.max(44, Math.round(opts.cellSize * 0.18)) : 0;
  // Wide enough for the longest title line ("Great-grandchildren", "Seed 4294967295"): titles are never cut.
  const longest = Math.max(0, ...rows.flatMap((r) => (r.title ? r.title.split('\n').map((l) => l.length) : [])));
  const titleW = opts.labels && rows.some((r) => r.title) ? Math.max(TITLE_WIDTH, Math.ceil(longest * TITLE_SIZE * 0.6) + gap) : 0;
  const cols = Math.max(1, ...rows.map((r) => r.cells.length));
  const width = gap + titleW + cols * (opts.cellSize + gap);
  const rowH = opts.cellSize + captionH + gap;
  const height = gap + rows.length * rowH;
  return { gap, captionH, titleW, cols, width, height, rowH };
}

export async function composeGrid(rows: GridRow[], opts: GridOptions): Promise<Buffer> {
  if (rows.length === 0 || rows.every((r) => r.cells.length === 0)) throw new InputError('nothing to export: the grid has no images');
  if (!Number.isInteger(opts.cellSize) || opts.cellSize < 32 || opts.cellSize > 2048) {
    throw new InputError(`cell size must be an integer between 32 and 2048 pixels, got ${opts.cellSize}`);
  }
  const L = gridLayout(rows, opts);
  if (L.width * L.height > 400e6) throw new InputError(`the grid would be ${L.width}×${L.height} pixels; choose a smaller cell size`);
  const layers: OverlayOptions[] = [];
  const total = rows.reduce((n, r) => n + r.cells.length, 0);
  let done = 0;
  for (const [ri, row] of rows.entries()) {
    const y = L.gap + ri * L.rowH;
    if (L.titleW && row.title) {
      layers.push({ input: textSvg(row.title.split('\n'), L.titleW - L.gap, opts.cellSize, 'start', TITLE_SIZE, true), left: L.gap, top: y });
    }
    for (const [ci, cell] of row.cells.entries()) {
      const x = L.gap + L.titleW + ci * (opts.cellSize + L.gap);
      const img = await sharp(cell.png).resize(opts.cellSize, opts.cellSize, { fit: 'cover' }).png().toBuffer();
      layers.push({ input: img, left: x, top: y });
      if (opts.labels && (cell.caption || cell.subcaption)) {
        const lines = [cell.caption ?? '', cell.subcaption ?? ''].filter(Boolean);
        layers.push({ input: textSvg(lines, opts.cellSize, L.captionH, 'middle', 13, false), left: x, top: y + opts.cellSize });
      }
      opts.onProgress?.(++done, total);
    }
  }
  return sharp({
    create: { width: L.width, height: L.height, channels: 3, background: opts.background ?? '#ffffff' },
  })
    .composite(layers)
    .png({ compressionLevel: 6 })
    .toBuffer();
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function textSvg(lines: string[], width: number, height: number, anchor: 'start' | 'middle', size: number, bold: boolean): Buffer {
  const x = anchor === 'middle' ? width / 2 : 0;
  const maxChars = Math.max(4, Math.floor(width / (size * 0.56)));
  const clip = (s: string): string => (s.length > maxChars ? `${s.slice(0, maxChars - 1)}…` : s);
  const tspans = lines
    .map(
      (l, i) =>
        `<text x="${x}" y="${(anchor === 'middle' ? 4 : height / 2 - ((lines.length - 1) * size * 1.3) / 2) + (i + (anchor === 'middle' ? 1 : 0.35)) * size * 1.3}" ` +
        `font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="${i === 0 ? size : size - 2}" ` +
        `font-weight="${bold || i === 0 ? 600 : 400}" fill="${i === 0 ? '#1d2230' : '#5b6478'}" text-anchor="${anchor}">${escapeXml(clip(l))}</text>`,
    )
    .join('');
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${tspans}</svg>`);
}
