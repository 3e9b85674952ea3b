// A headless Chromium for the end-to-end tests: CHROMIUM_PATH, else `chromium` (or chromium-browser,
// google-chrome) on PATH. Without one the e2e suites skip, saying why.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

function onPath(names: string[]): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const n of names) {
      const p = join(dir, n);
      try {
        accessSync(p, constants.X_OK);
        return p;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** The browser executable, or null. */
export const chromiumPath: string | null = process.env.CHROMIUM_PATH || onPath(['chromium', 'chromium-browser', 'google-chrome']);
export const browserMissing = chromiumPath
  ? null
  : 'no Chromium found (set CHROMIUM_PATH or put `chromium` on PATH, e.g. apt-get install chromium): the browser tests are skipped';
if (browserMissing) console.warn(`vanban e2e: ${browserMissing}`);

export function launchBrowser(): Promise<Browser> {
  if (!chromiumPath) throw new Error(browserMissing!);
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
}
