// Access control as one Hono middleware, the same on Node and Workers (Web Crypto, no node: imports):
// which role each route needs, API keys from `Authorization: Bearer`, the audit row of every successful
// write, and the per-key limits (uploads per minute, concurrent OCR jobs). Without a Bearer key, the web
// app's session cookie stands for the key it was opened with; its writes must carry the X-CSRF-Token header.
import type { Context, MiddlewareHandler } from 'hono';
import { hashKey, sameSecret } from '../store/sql/keys.js';
import type { Role, Store } from '../store/types.js';
import { isWebPath } from '../web/paths.js';
import { CSRF_HEADER, csrfMatches, readSession } from '../web/session.js';
import { OPENAPI_PATH } from './docs.js';
import { errorBody } from './errors.js';

export interface AccessConfig {
  /** reads (GET) need no key (VANBAN_PUBLIC_READ=true); writes always do */
  publicRead?: boolean;
  /** a key accepted as admin besides the stored ones (VANBAN_ADMIN_KEY: a Workers secret) */
  adminKey?: string;
  /** uploads per key per minute (VANBAN_UPLOADS_PER_MINUTE) */
  uploadsPerMinute?: number;
  /** OCR jobs queued or running per key (VANBAN_JOBS_PER_KEY) */
  jobsPerKey?: number;
  /** failed web sign-ins per client address per minute (VANBAN_LOGIN_FAILURES_PER_MINUTE) */
  loginFailuresPerMinute?: number;
}

export const DEFAULT_UPLOADS_PER_MINUTE = 30;
export const DEFAULT_JOBS_PER_KEY = 4;
export const DEFAULT_LOGIN_FAILURES_PER_MINUTE = 10;

export interface Principal {
  name: string;
  role: Role;
}

/** What a write handler tells the audit trail (without it the row names the method and path). */
export interface AuditNote {
  action: string;
  target?: string | null;
  document_id?: string | null;
  /** the handler wrote the row itself, in the batch of its write (corrections: their edits point to it) */
  written?: boolean;
}

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal | null;
    audit: AuditNote;
  }
}

const RANK: Record<Role, number> = { reader: 1, editor: 2, admin: 3 };
/** Names under which clients put keys in URLs; such a key is refused, never used. */
const KEY_PARAMS = ['key', 'api_key', 'apikey', 'token', 'access_token'];
const ADMIN_KEY_NAME = 'VANBAN_ADMIN_KEY';
const MAX_KEY_LENGTH = 256;

interface Rule {
  /** null: open to anyone */
  role: Role | null;
  /** a write: audited when it succeeds */
  write: boolean;
  /** a read that VANBAN_PUBLIC_READ opens */
  read: boolean;
}

const OPEN = new Set(['/healthz', '/docs', OPENAPI_PATH]);

/** The role a request needs, from its method and path alone (before routing, so 404s are guarded too). */
export function ruleFor(method: string, path: string): Rule {
  const m = method.toUpperCase();
  const reading = m === 'GET' || m === 'HEAD' || m === 'OPTIONS';
  // web pages check their own session (a visitor without one is sent to /login, not answered 401)
  if (isWebPath(path)) return { role: null, write: false, read: false };
  if (OPEN.has(path) && reading) return { role: null, write: false, read: false };
  if (path === '/v1/webhooks' || path.startsWith('/v1/webhooks/') || path === '/v1/audit' || path.startsWith('/v1/audit/')) {
    return { role: 'admin', write: !reading, read: false };
  }
  if (reading) return { role: 'reader', write: false, read: true };
  // repair computes and stores nothing; it still costs CPU, so it needs a key even when reads are public
  if (path === '/v1/repair') return { role: 'reader', write: false, read: false };
  return { role: 'editor', write: true, read: false };
}

function unauthorized(c: Context, code: string, message: string, invalid: boolean) {
  c.header('WWW-Authenticate', invalid ? 'Bearer realm="vanban", error="invalid_token"' : 'Bearer realm="vanban"');
  return c.json(errorBody(code, message), 401);
}

export function tooMany(c: Context, retryAfter: number, message: string) {
  c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
  return c.json(errorBody('rate_limited', message), 429);
}

export interface AccessDeps {
  store: Store;
  config?: AccessConfig;
  /** the client's address as the runtime sees it (socket address on Node, CF-Connecting-IP on Workers) */
  clientAddress?: (c: Context) => string | null;
}

/** The key's principal (a stored key, or the VANBAN_ADMIN_KEY secret), or null; the web sign-in uses it too. */
export function keyIdentifier(store: Store, config: AccessConfig = {}) {
  const adminHash = config.adminKey ? hashKey(config.adminKey) : null;
  return async (key: string): Promise<(Principal & { source: 'stored' | 'config' }) | null> => {
    if (key.length > MAX_KEY_LENGTH) return null;
    const stored = await store.verifyKey(key);
    if (stored) return { ...stored, source: 'stored' };
    if (adminHash && sameSecret(await hashKey(key), await adminHash)) return { name: ADMIN_KEY_NAME, role: 'admin', source: 'config' };
    return null;
  };
}

export function accessControl(deps: AccessDeps): MiddlewareHandler {
  const { store, config = {} } = deps;
  const keyOf = keyIdentifier(store, config);
  const identify = async (key: string): Promise<Principal | null> => {
    const p = await keyOf(key);
    return p && { name: p.name, role: p.role };
  };

  return async (c, next) => {
    const url = new URL(c.req.url);
    const inQuery = KEY_PARAMS.filter((p) => url.searchParams.has(p));
    if (inQuery.length) {
      // URLs end up in logs, proxies and browser history: a key sent there is refused, never tried
      return c.json(errorBody('key_in_query',
        `API keys are not accepted in the URL (${inQuery.join(', ')}): send the header "Authorization: Bearer KEY", and revoke a real key sent this way`), 400);
    }
    // the decoded path, as the router sees it: /v1/%77ebhooks must need what /v1/webhooks needs
    const rule = ruleFor(c.req.method, c.req.path);
    c.set('principal', null);
    if (!rule.role) return next();

    const header = c.req.header('authorization');
    let principal: Principal | null = null;
    if (header !== undefined) {
      const m = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
      if (!m) return unauthorized(c, 'unauthorized', 'the Authorization header must be "Bearer KEY"', true);
      principal = await identify(m[1]);
      if (!principal) return unauthorized(c, 'invalid_key', 'the API key is not valid (unknown or revoked)', true);
    } else {
      const session = await readSession(c, store, { configAdmin: !!config.adminKey });
      if (session) {
        const m = c.req.method.toUpperCase();
        // the cookie goes with every request the browser makes: a write must also prove it comes from our page
        if (!(m === 'GET' || m === 'HEAD' || m === 'OPTIONS') && !csrfMatches(session, c.req.header(CSRF_HEADER))) {
          return c.json(errorBody('csrf', 'a write signed in with the session cookie needs the X-CSRF-Token header of the page'), 403);
        }
        principal = { name: session.key_name, role: session.role };
      } else if (!(rule.read && config.publicRead)) {
        return unauthorized(c, 'unauthorized', 'this route needs an API key: send "Authorization: Bearer KEY" (an admin creates keys with `vanban keys create`)', false);
      }
    }
    if (principal && RANK[principal.role] < RANK[rule.role]) {
      return c.json(errorBody('forbidden', `this route needs the ${rule.role} role; the key "${principal.name}" has the ${principal.role} role`), 403);
    }
    c.set('principal', principal);
    await next();
    const note = c.get('audit') as AuditNote | undefined;
    if (rule.write && principal && c.res.status >= 200 && c.res.status < 300 && !note?.written) {
      // one INSERT after the write succeeded: a refused or failed write leaves no row, and no row is half written
      await store.appendAudit({
        key: principal.name,
        action: note?.action ?? `${c.req.method} ${c.req.path}`,
        target: note?.target ?? null,
        document_id: note?.document_id ?? null,
        client: deps.clientAddress?.(c) ?? null,
        status: c.res.status,
      });
    }
  };
}

/**
 * Per-key limits held in memory (per process on Node, per isolate on Workers): uploads in the last
 * minute, and OCR jobs still queued or running (counted in the store, plus uploads between the check and
 * their job being recorded).
 */
export class KeyLimits {
  private uploads = new Map<string, number[]>();
  private pendingJobs = new Map<string, number>();
  readonly uploadsPerMinute: number;
  readonly jobsPerKey: number;

  constructor(
    private store: Store,
    config: AccessConfig = {},
    private clock: () => number = Date.now,
  ) {
    this.uploadsPerMinute = config.uploadsPerMinute ?? DEFAULT_UPLOADS_PER_MINUTE;
    this.jobsPerKey = config.jobsPerKey ?? DEFAULT_JOBS_PER_KEY;
  }

  /** Counts one upload; null when allowed, else the seconds until the next one is. */
  takeUpload(key: string): number | null {
    const t = this.clock();
    const recent = (this.uploads.get(key) ?? []).filter((at) => at > t - 60_000);
    if (recent.length >= this.uploadsPerMinute) {
      this.uploads.set(key, recent);
      return (recent[0] + 60_000 - t) / 1000;
    }
    recent.push(t);
    this.uploads.set(key, recent);
    return null;
  }

  /**
   * Holds a job slot for the key while its job is created: release() once the job is recorded with
   * the key (or was not created). null when the key already has its maximum of jobs.
   */
  async reserveJob(key: string): Promise<(() => void) | null> {
    // counted before the await, so concurrent uploads of one key cannot all pass the same check
    this.pendingJobs.set(key, (this.pendingJobs.get(key) ?? 0) + 1);
    const release = () => this.pendingJobs.set(key, (this.pendingJobs.get(key) ?? 1) - 1);
    let active: number;
    try {
      active = await this.store.countActiveJobs(key);
    } catch (e) {
      release();
      throw e;
    }
    if (active + (this.pendingJobs.get(key) ?? 0) > this.jobsPerKey) {
      release();
      return null;
    }
    return release;
  }
}

/**
 * Failed web sign-ins per client address in the last minute, held in memory like KeyLimits (per process on
 * Node, per isolate on Workers): once an address has failed `perMinute` times, its sign-ins are refused
 * (429) until the oldest failure leaves the window, so keys cannot be guessed at speed through /login.
 */
export class LoginLimits {
  private failures = new Map<string, number[]>();
  readonly perMinute: number;

  constructor(
    config: AccessConfig = {},
    private clock: () => number = Date.now,
  ) {
    this.perMinute = config.loginFailuresPerMinute ?? DEFAULT_LOGIN_FAILURES_PER_MINUTE;
  }

  private recent(client: string, t: number): number[] {
    return (this.failures.get(client) ?? []).filter((at) => at > t - 60_000);
  }

  /** null when this address may try to sign in, else the seconds until it may. */
  blocked(client: string): number | null {
    const t = this.clock();
    const recent = this.recent(client, t);
    return recent.length >= this.perMinute ? (recent[0] + 60_000 - t) / 1000 : null;
  }

  /** Counts a failed sign-in (wrong or revoked key) of this address. */
  fail(client: string): void {
    const t = this.clock();
    // many addresses: drop those with nothing left in the window, so the map stays small
    if (this.failures.size > 10_000) {
      for (const [k, v] of this.failures) if (!v.some((at) => at > t - 60_000)) this.failures.delete(k);
    }
    const recent = this.recent(client, t);
    recent.push(t);
    this.failures.set(client, recent);
  }
}
