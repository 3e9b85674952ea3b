// Webhook URL policy: http(s) only, and no private, loopback or link-local targets unless allowed.
import { badRequest } from '../errors.js';

function ipv4(s: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

function privateV4([a, b]: number[]): boolean {
  return (
    a === 0 || a === 10 || a === 127 || a >= 224 || // this network, private, loopback, multicast/reserved
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local (and cloud metadata)
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19))
  );
}

/** The 8 groups of an IPv6 address, or null. */
function ipv6(s: string): number[] | null {
  let str = s.toLowerCase().replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(str);
  if (v4) {
    const p = ipv4(v4[1]);
    if (!p) return null;
    str = str.slice(0, -v4[1].length) + `${((p[0] << 8) | p[1]).toString(16)}:${((p[2] << 8) | p[3]).toString(16)}`;
  }
  const halves = str.split('::');
  if (halves.length > 2) return null;
  const parse = (h: string) => (h ? h.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)) : []);
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : fill < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? fill : 0).fill(0), ...tail];
  return groups.some(Number.isNaN) ? null : groups;
}

function privateV6(g: number[]): boolean {
  if (g.slice(0, 7).every((x) => x === 0) && g[7] <= 1) return true; // :: and ::1
  if ((g[0] & 0xfe00) === 0xfc00) return true; // unique local
  if ((g[0] & 0xffc0) === 0xfe80) return true; // link-local
  if ((g[0] & 0xff00) === 0xff00) return true; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return true; // documentation
  const embedded = (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) || (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0));
  if (embedded) return privateV4([g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff]);
  return false;
}

/** true for loopback, private, link-local, CGNAT, multicast and other non-public addresses. */
export function isPrivateAddress(ip: string): boolean {
  const v4 = ipv4(ip);
  if (v4) return privateV4(v4);
  const v6 = ipv6(ip.replace(/^\[|\]$/g, ''));
  if (v6) return privateV6(v6);
  return false;
}

export const isIpLiteral = (host: string) => !!ipv4(host) || !!ipv6(host.replace(/^\[|\]$/g, ''));

export interface UrlPolicy {
  /** accept private/loopback targets (tests, local integrations) */
  allowPrivate: boolean;
  /** host name -> addresses (Node: DNS); without it only literal addresses and local names are judged */
  resolve?: (host: string) => Promise<string[]>;
}

const bad = (message: string) => badRequest('bad_webhook_url', message);

/** Parses and judges a webhook URL; throws a 400 naming the reason. */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad('the webhook url is not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad(`the webhook url must be http or https, not ${url.protocol.replace(/:$/, '')}`);
  if (url.username || url.password) throw bad('the webhook url must not carry credentials; use the secret to authenticate');
  if (policy.allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  const refuse = () => bad(`the webhook url points at a private, loopback or link-local address (${host}); this server does not allow those`);
  if (isIpLiteral(host)) {
    if (isPrivateAddress(host)) throw refuse();
    return url;
  }
  if (host === 'localhost' || /\.(localhost|local|internal|lan|home\.arpa)$/.test(host) || !host.includes('.')) throw refuse();
  if (policy.resolve) {
    let addrs: string[];
    try {
      addrs = await policy.resolve(host);
    } catch {
      throw bad(`the webhook host ${host} cannot be resolved`);
    }
    if (!addrs.length) throw bad(`the webhook host ${host} cannot be resolved`);
    if (addrs.some(isPrivateAddress)) throw refuse();
  }
  return url;
}
