// The app's CSS and JS, served by the app itself with a content hash in the URL (cached for a year) and
// an ETag; bundled as strings so the Worker needs no file system.
import { CSS } from './assets/css.js';
import { SCRIPT } from './assets/script.js';

/** FNV-1a, 32 bits, hex: enough to tell versions of two files apart. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const asset = (path: string, body: string, type: string) => {
  const v = hash(body);
  return { path, href: `${path}?v=${v}`, etag: `"${v}"`, body, type };
};

export const ASSETS = {
  css: asset('/assets/app.css', CSS, 'text/css; charset=utf-8'),
  js: asset('/assets/app.js', SCRIPT, 'text/javascript; charset=utf-8'),
};
