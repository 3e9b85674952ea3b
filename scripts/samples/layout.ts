// Lays out a notice the way Vietnamese offices print them (A4, Times-like serif, issuer | national
// motto header in two columns, centred title, justified-looking body, signature block on the right)
// and draws it on any 2D context in points (a raster canvas scaled to 300 dpi, or a PDF page).
import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';

export const PAGE_W = 595.28;
export const PAGE_H = 841.89;
const LEFT = 85; // 30 mm
const RIGHT = 57; // 20 mm
const TOP = 50;
const BOTTOM = 60;
const BODY = 13;
const LEADING = 1.45;

export interface PlacedLine {
  text: string;
  x: number;
  /** baseline, points from the top */
  y: number;
  size: number;
  bold: boolean;
  italic: boolean;
  align: 'left' | 'center' | 'right';
  /** rule drawn under the line (issuer, motto) */
  rule?: boolean;
}
export interface LaidOutPage { lines: PlacedLine[]; truth: string[] }

/** Fonts that cover Vietnamese (ơ, ư, stacked marks); Debian packages named in samples/scans/README.md. */
const FONT_FILES: Record<string, string[]> = {
  regular: ['/usr/share/fonts/truetype/freefont/FreeSerif.ttf', '/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf'],
  bold: ['/usr/share/fonts/truetype/freefont/FreeSerifBold.ttf', '/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf'],
  italic: ['/usr/share/fonts/truetype/freefont/FreeSerifItalic.ttf', '/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf'],
};
/** One family only, for renders in a chosen font (`make-samples.ts --font NAME`): name -> Debian package, files. */
export const FONT_CHOICES: Record<string, { pkg: string; files: Record<'regular' | 'bold' | 'italic', string> }> = {
  freeserif: { pkg: 'fonts-freefont-ttf', files: { regular: FONT_FILES.regular[0], bold: FONT_FILES.bold[0], italic: FONT_FILES.italic[0] } },
  // Times New Roman metric clone
  liberation: { pkg: 'fonts-liberation2', files: { regular: FONT_FILES.regular[1], bold: FONT_FILES.bold[1], italic: FONT_FILES.italic[1] } },
  dejavu: { pkg: 'fonts-dejavu-core', files: { regular: FONT_FILES.regular[2], bold: FONT_FILES.bold[2], italic: FONT_FILES.italic[2] } },
  noto: {
    pkg: 'fonts-noto-core',
    files: {
      regular: '/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf',
      bold: '/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf',
      italic: '/usr/share/fonts/truetype/noto/NotoSerif-Italic.ttf',
    },
  },
};
export const FAMILY = 'NoticeSerif';
export const fontFiles: Record<string, string> = {};

/** Registers the first serif found of FONT_FILES, or, given a name of FONT_CHOICES, that family only. */
export function registerFonts(font?: string): void {
  const choice = font === undefined ? undefined : FONT_CHOICES[font];
  if (font !== undefined && !choice) throw new Error(`unknown font ${font}; one of ${Object.keys(FONT_CHOICES).join(', ')}`);
  for (const [style, candidates] of Object.entries(FONT_FILES)) {
    const file = choice ? [choice.files[style as 'regular']].find((f) => existsSync(f)) : candidates.find((f) => existsSync(f));
    if (!file && choice) throw new Error(`${font} ${style} font missing; run: apt-get update && apt-get install -y ${choice.pkg}`);
    if (!file) {
      throw new Error(`no Vietnamese-capable ${style} serif font found; run: apt-get update && apt-get install -y fonts-freefont-ttf fonts-dejavu-core fonts-liberation2`);
    }
    fontFiles[style] = file;
    GlobalFonts.registerFromPath(file, `${FAMILY}-${style}`);
  }
}

export const fontOf = (l: Pick<PlacedLine, 'size' | 'bold' | 'italic'>) =>
  `${l.size}px ${FAMILY}-${l.bold ? 'bold' : l.italic ? 'italic' : 'regular'}`;

const measure = (() => {
  const ctx = createCanvas(10, 10).getContext('2d');
  return (text: string, font: string) => {
    ctx.font = font;
    return ctx.measureText(text).width;
  };
})();

/** Source format: `#left`, `#right`, `#center` lines; `#page` breaks; other lines are body paragraphs. */
export function layoutNotice(source: string): LaidOutPage[] {
  const left: string[] = [];
  const right: string[] = [];
  const rest: { kind: 'center' | 'body' | 'sign' | 'page'; text: string }[] = [];
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^#(left|right|center|page)\s*(.*)$/.exec(line);
    if (m?.[1] === 'page') rest.push({ kind: 'page', text: '' });
    else if (m?.[1] === 'center') rest.push({ kind: 'center', text: m[2] });
    else if (m && rest.some((r) => r.kind === 'body')) rest.push({ kind: 'sign', text: m[2] });
    else if (m?.[1] === 'left') left.push(m[2]);
    else if (m?.[1] === 'right') right.push(m[2]);
    else rest.push({ kind: 'body', text: line });
  }
  const pages: LaidOutPage[] = [];
  let page: LaidOutPage = { lines: [], truth: [] };
  let y = TOP;
  const newPage = () => {
    pages.push(page);
    page = { lines: [], truth: [] };
    y = TOP;
  };
  // header: row i holds left[i] and right[i]; the truth reads the left column, then the right one
  const colL = LEFT + 80;
  const colR = LEFT + 312;
  const rows = Math.max(left.length, right.length);
  // a long issuer name must not run into the motto: shrink the header until the columns keep a gap
  let hs = 12.5;
  const half = (t: string | undefined, size: number, bold: boolean) => (t ? measure(t, fontOf({ size, bold, italic: false })) / 2 : 0);
  while (hs > 9 && Array.from({ length: rows }, (_, i) => colL + half(left[i], hs, i === 1) + 14 > colR - half(right[i], hs, i <= 1)).some(Boolean)) hs -= 0.5;
  for (let i = 0; i < rows; i++) {
    y += hs * 1.35;
    const last = (col: string[]) => i === col.length - 1;
    if (left[i]) page.lines.push({ text: left[i], x: colL, y, size: hs, bold: i === 1, italic: false, align: 'center', rule: i === 1 });
    if (right[i]) {
      const dateLine = last(right) && /ngày/.test(right[i]);
      page.lines.push({ text: right[i], x: colR, y, size: dateLine ? 13 : hs, bold: i <= 1, italic: dateLine, align: 'center', rule: i === 1 });
    }
    if (i === 1) y += 6;
  }
  page.truth.push(...left, ...right);
  y += 18;
  const width = PAGE_W - LEFT - RIGHT;
  for (const r of rest) {
    if (r.kind === 'page') { newPage(); continue; }
    if (r.kind === 'center') {
      y += 15 * LEADING;
      page.lines.push({ text: r.text, x: LEFT + width / 2, y, size: 14, bold: true, italic: false, align: 'center' });
      page.truth.push(r.text);
      continue;
    }
    if (r.kind === 'sign') {
      if (!page.lines.some((l) => l.align === 'center' && l.x > LEFT + 300 && l.y > y - 200 && l.bold && l.text === l.text.toUpperCase())) y += 10;
      y += 13 * LEADING;
      const name = !/^[\p{Lu}\s.]+$/u.test(r.text);
      if (name) y += 45; // room for a signature
      page.lines.push({ text: r.text, x: LEFT + 330, y, size: 13, bold: true, italic: false, align: 'center' });
      page.truth.push(r.text);
      continue;
    }
    const wrapped = wrap(r.text, width - 0, 28, fontOf({ size: BODY, bold: false, italic: false }));
    y += 4;
    for (const [k, text] of wrapped.entries()) {
      if (y + BODY * LEADING > PAGE_H - BOTTOM) newPage();
      y += BODY * LEADING;
      page.lines.push({ text, x: LEFT + (k === 0 ? 28 : 0), y, size: BODY, bold: false, italic: false, align: 'left' });
      page.truth.push(text);
    }
  }
  pages.push(page);
  return pages;
}

/** Plain lines (e.g. an already line-broken notice): one placed line each, smaller font if too wide. */
export function layoutLines(lines: string[]): LaidOutPage[] {
  const pages: LaidOutPage[] = [];
  let page: LaidOutPage = { lines: [], truth: [] };
  let y = TOP;
  const width = PAGE_W - LEFT - RIGHT;
  for (const text of lines) {
    if (y + BODY * LEADING > PAGE_H - BOTTOM) {
      pages.push(page);
      page = { lines: [], truth: [] };
      y = TOP;
    }
    y += BODY * LEADING;
    if (!text.trim()) continue;
    let size = BODY;
    while (size > 9 && measure(text, fontOf({ size, bold: false, italic: false })) > width) size -= 0.5;
    page.lines.push({ text: text.trim(), x: LEFT, y, size, bold: false, italic: false, align: 'left' });
    page.truth.push(text.trim());
  }
  if (page.lines.length) pages.push(page);
  return pages;
}

function wrap(text: string, width: number, indent: number, font: string): string[] {
  const words = text.split(/\s+/);
  const out: string[] = [];
  let cur = '';
  for (const w of words) {
    const next = cur ? `${cur} ${w}` : w;
    const avail = out.length === 0 ? width - indent : width;
    if (cur && measure(next, font) > avail) {
      out.push(cur);
      cur = w;
    } else cur = next;
  }
  if (cur) out.push(cur);
  return out;
}

/** Draws a laid-out page on a context whose unit is one point. */
export function drawPage(ctx: SKRSContext2D, page: LaidOutPage, ink = '#111'): void {
  ctx.fillStyle = ink;
  ctx.strokeStyle = ink;
  for (const l of page.lines) {
    ctx.font = fontOf(l);
    ctx.textAlign = l.align;
    ctx.fillText(l.text, l.x, l.y);
    if (l.rule) {
      const w = Math.min(measure(l.text, fontOf(l)) * 0.6, 160);
      ctx.lineWidth = 0.7;
      ctx.beginPath();
      ctx.moveTo(l.x - w / 2, l.y + 5);
      ctx.lineTo(l.x + w / 2, l.y + 5);
      ctx.stroke();
    }
  }
}

/** A 300 dpi greyscale raster of the page. */
export async function renderPage(page: LaidOutPage, dpi = 300): Promise<Buffer> {
  const s = dpi / 72;
  const canvas = createCanvas(Math.round(PAGE_W * s), Math.round(PAGE_H * s));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(s, s);
  drawPage(ctx, page);
  return canvas.encode('png');
}
