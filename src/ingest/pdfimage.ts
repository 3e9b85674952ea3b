// A scanned PDF page is usually one image filling the page: take those pixels as they are (no resampling)
// instead of rendering. Anything else (several images, vector text, masks) is left to the renderer.
import { greyOfRaw, type GreyPixels } from './pixels.js';

interface PdfPage {
  view: number[];
  getOperatorList(params?: { annotationMode?: number }): Promise<{ fnArray: number[]; argsArray: unknown[][] }>;
  objs: { get(id: string, cb: (v: unknown) => void): void };
  commonObjs: { get(id: string, cb: (v: unknown) => void): void };
}

interface DecodedImage { width: number; height: number; kind?: number; data?: Uint8Array | Uint8ClampedArray }

export async function extractPageImage(page: unknown, maxPixels: number): Promise<{ grey: GreyPixels; dpi: number } | null> {
  const { OPS, AnnotationMode } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const p = page as PdfPage;
  // annotations are not the page: the e-signature stamps signing software adds are drawn as annotations
  const ops = await p.getOperatorList({ annotationMode: AnnotationMode.DISABLE });
  const paints: string[] = [];
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    if (fn === OPS.paintImageXObject) paints.push(ops.argsArray[i][0] as string);
    else if (fn === OPS.showText || fn === OPS.paintInlineImageXObject || fn === OPS.paintImageMaskXObject || fn === OPS.fill || fn === OPS.stroke) {
      // text drawn in visible ink or vector drawings: the page is more than one scan
      if (fn !== OPS.showText) return null;
    }
  }
  if (paints.length !== 1) return null;
  const id = paints[0];
  const img = await new Promise<DecodedImage | null>((resolve) => {
    const store = id.startsWith('g_') ? p.commonObjs : p.objs;
    const t = setTimeout(() => resolve(null), 5000);
    try {
      store.get(id, (v) => { clearTimeout(t); resolve(v as DecodedImage); });
    } catch {
      clearTimeout(t);
      resolve(null);
    }
  });
  if (!img?.data || !img.width || !img.height || img.width * img.height > maxPixels) return null;
  const [x0, y0, x1, y1] = p.view;
  const wIn = Math.abs(x1 - x0) / 72;
  const hIn = Math.abs(y1 - y0) / 72;
  const dpiX = img.width / wIn;
  const dpiY = img.height / hIn;
  // the image must fill the page with square pixels, else its placement matters: render instead
  if (Math.abs(dpiX - dpiY) / dpiX > 0.05) return null;
  const channels = channelsOf(img);
  if (!channels) return null;
  const raw = channels === 1 && img.kind === 1 ? unpack1bpp(img) : Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  return { grey: await greyOfRaw(raw, img.width, img.height, channels), dpi: Math.round(dpiX) };
}

function channelsOf(img: DecodedImage): 1 | 3 | 4 | null {
  const n = img.data!.length;
  const px = img.width * img.height;
  if (img.kind === 1) return 1;
  if (img.kind === 2 && n === px * 3) return 3;
  if (img.kind === 3 && n === px * 4) return 4;
  return null;
}

/** pdfjs GRAYSCALE_1BPP: rows of packed bits, 1 = white. */
function unpack1bpp(img: DecodedImage): Buffer {
  const rowBytes = (img.width + 7) >> 3;
  const out = Buffer.alloc(img.width * img.height);
  const d = img.data!;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const bit = (d[y * rowBytes + (x >> 3)] >> (7 - (x & 7))) & 1;
      out[y * img.width + x] = bit ? 255 : 0;
    }
  }
  return out;
}
