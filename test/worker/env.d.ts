// Bindings the tests see through `cloudflare:test` (see vitest.workers.config.ts and wrangler.toml).
declare module 'cloudflare:test' {
  interface ProvidedEnv {
    DB: D1Database;
    TEST_MIGRATIONS: D1Migration[];
    /** shared/gold/restored/001 when shared/ is there, else empty */
    LARGEST_DEV_NOTICE: string;
    /** samples/scans/*.pdf by file name, base64 */
    SAMPLE_PDFS: Record<string, string>;
    VANBAN_MAX_UPLOAD_BYTES: string;
    VANBAN_OCR_SERVICE: string;
  }
}

declare module '*?raw' {
  const text: string;
  export default text;
}
