// Sign-in sessions of the web app: a random token in an HttpOnly, SameSite=Strict cookie, kept in the store
// as its SHA-256 only, tied to the API key that opened it (a revoked key's sessions end with it), and a
// per-session CSRF token that every form (hidden field) and every cookie-authenticated API write
// (X-CSRF-Token header) must carry. Web Crypto only: the same code runs on Node and Workers.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { hashKey, sameSecret } from '../store/sql/keys.js';
import type { Role, SessionInfo, Store } from '../store/types.js';

export const SESSION_COOKIE = 'vb_session';
/** The double-submit cookie of the login form (there is no session yet to hold its CSRF token). */
export const LOGIN_COOKIE = 'vb_login';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';
export const SESSION_HOURS = 12;

/** 32 random bytes, base64url. */
export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const secure = (c: Context) => new URL(c.req.url).protocol === 'https:';

export interface Session extends SessionInfo {
  tokenHash: string;
}

/** The request's live session, or null (no cookie, malformed, unknown, expired, or its key revoked). */
export async function readSession(c: Context, store: Store, opts: { configAdmin: boolean }): Promise<Session | null> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token || !TOKEN.test(token)) return null;
  const tokenHash = await hashKey(token);
  const s = await store.getSession(tokenHash);
  // a session opened with VANBAN_ADMIN_KEY ends when the secret is removed
  if (!s || (s.source === 'config' && !opts.configAdmin)) return null;
  return { ...s, tokenHash };
}

/** Opens a session for the key and sets its cookie. */
export async function openSession(c: Context, store: Store, key: { name: string; role: Role; source: 'stored' | 'config' }, hours = SESSION_HOURS) {
  const token = randomToken();
  const expires = new Date(Date.now() + hours * 3600_000);
  await store.createSession({ tokenHash: await hashKey(token), keyName: key.name, source: key.source, role: key.role, csrf: randomToken(), expiresAt: expires.toISOString() });
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: secure(c), sameSite: 'Strict', path: '/', expires, maxAge: hours * 3600 });
}

export async function closeSession(c: Context, store: Store, session: Session | null) {
  if (session) await store.deleteSession(session.tokenHash);
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secure(c), httpOnly: true, sameSite: 'Strict' });
}

/** True when the given token is the session's CSRF token (compared in constant time). */
export function csrfMatches(session: { csrf: string }, given: string | undefined | null): boolean {
  return typeof given === 'string' && given.length > 0 && sameSecret(session.csrf, given);
}

/** The login form's CSRF token: a fresh one in a short-lived cookie, echoed by the form. */
export function loginCsrf(c: Context): string {
  const token = randomToken();
  setCookie(c, LOGIN_COOKIE, token, { httpOnly: true, secure: secure(c), sameSite: 'Strict', path: '/login', maxAge: 3600 });
  return token;
}

export function loginCsrfMatches(c: Context, given: string | undefined): boolean {
  const cookie = getCookie(c, LOGIN_COOKIE);
  return !!cookie && TOKEN.test(cookie) && typeof given === 'string' && sameSecret(cookie, given);
}
