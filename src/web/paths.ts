// Paths of the web app (pages and their assets). The access middleware leaves them to the web routes,
// which answer a visitor without a session with a redirect to /login instead of a 401.
const PAGES = new Set(['/', '/login', '/logout', '/upload', '/documents', '/search', '/tasks']);
const PREFIXES = ['/assets/', '/documents/', '/tasks/'];

export function isWebPath(path: string): boolean {
  return PAGES.has(path) || PREFIXES.some((p) => path.startsWith(p));
}
