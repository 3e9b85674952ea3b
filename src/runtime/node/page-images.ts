// Page images for review: the page of a scan or PDF, as OCR read it, scaled to the asked width and encoded as
// JPEG with sharp. A bounded LRU of the encoded pages (64 MB by default) makes a repeated request cost nothing;
// concurrent requests for the same page share one rendering.
import sharp from 'sharp';
import type { PageImageRenderer } from '../../api/corrections.js';
import type { Limits } from '../../config.js';
import { readImagePages } from '../../ingest/image.js';
import { readPdfPageImage } from '../../ingest/pdf.js';
import type { GreyPixels } from '../../ingest/pixels.js';

export const PAGE_CACHE_BYTES = 64 * 2 ** 20;
const JPEG_QUALITY = 80;

export function pageImageRenderer(limits: Limits, maxBytes = PAGE_CACHE_BYTES): PageImageRenderer & { cachedBytes(): number } {
  // a Map iterates in insertion order: re-inserting on a hit keeps the least recently used first
  const cache = new Map<string, Uint8Array>();
  const pending = new Map<string, Promise<Uint8Array>>();
  let bytes = 0;

  const put = (key: string, jpeg: Uint8Array) => {
    if (jpeg.length > maxBytes) return;
    cache.set(key, jpeg);
    bytes += jpeg.length;
    for (const [k, v] of cache) {
      if (bytes <= maxBytes) break;
      cache.delete(k);
      bytes -= v.length;
    }
  };

  async function render(mediaType: string, original: Uint8Array, page: number, width: number): Promise<Uint8Array> {
    let grey: GreyPixels;
    if (mediaType === 'application/pdf') {
      grey = await readPdfPageImage(original, page, limits);
    } else {
      const pages = await readImagePages(original, limits);
      const img = pages[page - 1]?.image;
      if (!img) throw new Error(`page ${page} has no image`);
      grey = { data: Buffer.from(await img.pixels()), width: img.width, height: img.height };
    }
    const out = await sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 }, limitInputPixels: false })
      .resize({ width, kernel: 'lanczos3' })
      .jpeg({ quality: JPEG_QUALITY, mozjpeg: false })
      .toBuffer();
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  }

  const renderer = async (req: Parameters<PageImageRenderer>[0]) => {
    const key = `${req.id}:${req.page}:${req.width}`;
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return { jpeg: hit, cached: true };
    }
    let job = pending.get(key);
    if (!job) {
      job = req.original().then((orig) => render(req.mediaType, orig, req.page, req.width));
      pending.set(key, job);
      job.then((jpeg) => put(key, jpeg), () => undefined).finally(() => pending.delete(key));
    }
    return { jpeg: await job, cached: false };
  };
  return Object.assign(renderer, { cachedBytes: () => bytes });
}
