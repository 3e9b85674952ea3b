// Runtime configuration with defaults; read from the environment only by entry points.
export interface Limits {
  /** largest upload accepted, in bytes */
  maxUploadBytes: number;
  /** pages beyond this are refused (PDF/TIFF) */
  maxPages: number;
  /** largest image in pixels, as its header declares it (guards against image bombs); larger pages are refused */
  maxImagePixels: number;
}

export const defaultLimits: Limits = {
  maxUploadBytes: 50 * 1024 * 1024,
  maxPages: 200,
  // a 12,000 x 9,000 phone photo (108 M) is read, downscaled on decode; a 50,000 x 50,000 bomb is not
  maxImagePixels: 200_000_000,
};

export interface NodeConfig {
  dbPath: string;
  port: number;
  host: string;
  limits: Limits;
  ocrWorkers: number;
  /** accept webhook URLs on private/loopback/link-local addresses (tests, local integrations) */
  allowPrivateWebhooks?: boolean;
  /** wait before the first webhook retry, in ms (doubles per try) */
  webhookRetryMs?: number;
  /** the public origin for absolute links (VANBAN_PUBLIC_URL); never taken from a request's Host header */
  publicUrl?: string;
  /** API keys: public reads, an admin key from the environment, per-key limits */
  access?: AccessConfig;
  /** first start with no key: create an admin key and print it (VANBAN_NO_BOOTSTRAP_KEY=true: don't) */
  bootstrapKey?: boolean;
}

/** The access settings both runtimes read from their environment. */
export interface AccessConfig {
  publicRead: boolean;
  adminKey?: string;
  uploadsPerMinute: number;
  jobsPerKey: number;
  /** failed web sign-ins per client address per minute */
  loginFailuresPerMinute?: number;
}

const yes = (v: string | undefined) => /^(1|true|yes)$/i.test(v ?? '');

export function accessFromEnv(env: Record<string, string | undefined>): AccessConfig {
  const adminKey = env.VANBAN_ADMIN_KEY?.trim();
  // a short secret would be guessable: refuse it rather than accept it as an admin key
  if (adminKey && adminKey.length < 32) throw new Error('VANBAN_ADMIN_KEY is too short: use at least 32 random characters (e.g. `openssl rand -hex 32`)');
  return {
    publicRead: yes(env.VANBAN_PUBLIC_READ),
    adminKey: adminKey || undefined,
    uploadsPerMinute: intFrom(env.VANBAN_UPLOADS_PER_MINUTE, 30),
    jobsPerKey: intFrom(env.VANBAN_JOBS_PER_KEY, 4),
    loginFailuresPerMinute: intFrom(env.VANBAN_LOGIN_FAILURES_PER_MINUTE, 10),
  };
}

/** VANBAN_PUBLIC_URL: an http(s) origin, optionally with a path prefix, without a trailing slash. */
export function publicUrlFrom(v: string | undefined): string | undefined {
  if (!v) return undefined;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new Error(`invalid VANBAN_PUBLIC_URL: ${v}`);
  }
  if (!/^https?:$/.test(u.protocol) || u.search || u.hash || u.username) throw new Error(`invalid VANBAN_PUBLIC_URL (an http(s) origin, optionally with a path): ${v}`);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

function intFrom(v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`invalid number: ${v}`);
  return n;
}

export function configFromEnv(env: Record<string, string | undefined>): NodeConfig {
  return {
    dbPath: env.VANBAN_DB || './data/vanban.db',
    port: intFrom(env.PORT, 8787),
    host: env.HOST || '127.0.0.1',
    limits: {
      maxUploadBytes: intFrom(env.VANBAN_MAX_UPLOAD_BYTES, defaultLimits.maxUploadBytes),
      maxPages: intFrom(env.VANBAN_MAX_PAGES, defaultLimits.maxPages),
      maxImagePixels: intFrom(env.VANBAN_MAX_IMAGE_PIXELS, defaultLimits.maxImagePixels),
    },
    ocrWorkers: intFrom(env.VANBAN_OCR_WORKERS, 0),
    allowPrivateWebhooks: yes(env.VANBAN_ALLOW_PRIVATE_WEBHOOKS),
    webhookRetryMs: intFrom(env.VANBAN_WEBHOOK_RETRY_MS, 2000),
    publicUrl: publicUrlFrom(env.VANBAN_PUBLIC_URL),
    access: accessFromEnv(env),
    bootstrapKey: !yes(env.VANBAN_NO_BOOTSTRAP_KEY),
  };
}
