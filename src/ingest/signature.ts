// Digital signatures of a PDF: who signed and when, read from the signature dictionaries (/Type /Sig)
// and the signer's certificate inside /Contents (CMS). Vietnamese offices sign scans with SmartCA/VGCA:
// the stamp printed on the page ("Ký bởi: ...", "Cơ quan: ...", "Thời gian ký: ...") is drawn from the
// same certificate (subject CN and O) and the dictionary's /M. A signature dictionary must stay outside
// compressed object streams (its byte range is hashed), so a scan of the raw bytes finds every one.
// Anything malformed is skipped: a broken signature never fails the upload.
import type { DigitalSignatureT } from '../record.js';

/**
 * signed_by: the certificate subject's common name, else the dictionary's /Name; organisation: the
 * subject's O (else L); signed_at: /M as ISO 8601 with its offset ("2025-01-26T11:12:09+07:00").
 */
export type PdfSignature = DigitalSignatureT;

const latin1 = new TextDecoder('latin1');

/** The signatures of a PDF in file order (the first is usually the issuer's, later ones a publisher's). */
export function readPdfSignatures(bytes: Uint8Array): PdfSignature[] {
  const text = latin1.decode(bytes);
  const out: PdfSignature[] = [];
  const seen = new Set<string>();
  const re = /\/Type\s*\/Sig\b/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const dict = enclosingDict(text, m.index);
    if (!dict) continue;
    const key = /\/ByteRange\s*\[([^\]]*)\]/.exec(dict)?.[1]?.trim() ?? dict.slice(0, 200);
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      const sig = parseSignature(dict);
      const same = (o: PdfSignature) => o.signed_by === sig.signed_by && o.organisation === sig.organisation && o.signed_at === sig.signed_at;
      // one signer often signs several fields at once: one entry each
      if ((sig.signed_by || sig.organisation || sig.signed_at) && !out.some(same)) out.push(sig);
    } catch {
      // a malformed dictionary or certificate: skip this signature only
    }
  }
  return out;
}

/** The `<< ... >>` dictionary around position at (at most 64 KB back), or null. */
function enclosingDict(text: string, at: number): string | null {
  const from = Math.max(0, at - 65536);
  // start at the nearest "obj" before the match and parse forward, so strings are skipped correctly
  const objAt = text.lastIndexOf(' obj', at);
  const start = text.indexOf('<<', Math.max(objAt, from));
  if (start < 0 || start > at) return null;
  let depth = 0;
  for (let i = start; i < text.length && i < at + 400_000; i++) {
    const c = text[i];
    if (c === '(') {
      i = skipLiteral(text, i);
    } else if (c === '<' && text[i + 1] === '<') {
      depth++;
      i++;
    } else if (c === '>' && text[i + 1] === '>') {
      depth--;
      i++;
      if (depth === 0) return i > at ? text.slice(start, i + 1) : null;
    } else if (c === '<') {
      const end = text.indexOf('>', i);
      if (end < 0) return null;
      i = end;
    }
  }
  return null;
}

/** Index of the ")" closing the literal string opened at i (nesting and escapes honoured). */
function skipLiteral(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
  }
  return text.length;
}

function parseSignature(dict: string): PdfSignature {
  const name = pdfString(dict, 'Name');
  const when = pdfString(dict, 'M');
  const hex = /\/Contents\s*<([0-9A-Fa-f\s]+)>/.exec(dict)?.[1];
  let subject: Subject | null = null;
  try {
    subject = hex ? signerSubject(hexBytes(hex)) : null;
  } catch {
    // a certificate we cannot read: the dictionary's own fields still count
  }
  return {
    signed_by: clean(subject?.cn) ?? clean(name),
    organisation: clean(subject?.o) ?? clean(subject?.l),
    signed_at: when ? pdfDate(when) : null,
  };
}

const clean = (s: string | null | undefined): string | null => {
  const t = s?.replace(/\s+/g, ' ').trim().normalize('NFC');
  return t ? t : null;
};

/** A string value of /Key in a dictionary: literal (escapes, UTF-16BE with BOM) or hex. */
function pdfString(dict: string, key: string): string | null {
  const re = new RegExp(`/${key}\\s*([(<])`);
  const m = re.exec(dict);
  if (!m) return null;
  const at = m.index + m[0].length - 1;
  let raw: number[];
  if (m[1] === '<') {
    const end = dict.indexOf('>', at);
    if (end < 0) return null;
    raw = Array.from(hexBytes(dict.slice(at + 1, end)));
  } else {
    const end = skipLiteral(dict, at);
    raw = unescapeLiteral(dict.slice(at + 1, end));
  }
  return decodeText(Uint8Array.from(raw));
}

function unescapeLiteral(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x5c) {
      out.push(c & 0xff);
      continue;
    }
    const n = s[++i];
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
    if (n in simple) out.push(simple[n]);
    else if (/[0-7]/.test(n)) {
      let oct = n;
      while (oct.length < 3 && /[0-7]/.test(s[i + 1] ?? '')) oct += s[++i];
      out.push(parseInt(oct, 8) & 0xff);
    } else if (n === '\r' || n === '\n') {
      if (n === '\r' && s[i + 1] === '\n') i++;
    } else if (n !== undefined) out.push(n.charCodeAt(0) & 0xff);
  }
  return out;
}

function decodeText(b: Uint8Array): string {
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder('utf-8').decode(b.subarray(3));
  // PDFDocEncoding: Latin-1 for the characters that matter here
  return latin1.decode(b);
}

function hexBytes(hex: string): Uint8Array {
  const h = hex.replace(/[^0-9A-Fa-f]/g, '');
  const out = new Uint8Array(h.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** "D:20250126111209+07'00'" -> "2025-01-26T11:12:09+07:00"; a bare date keeps what it has. */
export function pdfDate(s: string): string | null {
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?/.exec(s.trim());
  if (!m) return null;
  const [, y, mo = '01', d = '01', h, mi = '00', se = '00', tz, tzh = '00', tzm = '00'] = m;
  const date = `${y}-${mo}-${d}`;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return null;
  if (h === undefined) return date;
  const zone = tz === undefined ? '' : tz === 'Z' || tz === 'z' ? 'Z' : `${tz}${tzh}:${tzm}`;
  return `${date}T${h}:${mi}:${se}${zone}`;
}

// -- DER: just enough of CMS SignedData to read the signer certificate's subject

interface Der {
  tag: number;
  start: number;
  end: number;
  /** content offset */
  body: number;
}

function readDer(b: Uint8Array, at: number, limit: number): Der {
  if (at + 2 > limit) throw new Error('truncated DER');
  const tag = b[at];
  let len = b[at + 1];
  let body = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || body + n > limit) throw new Error('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[body + i];
    body += n;
  }
  const end = body + len;
  if (end > limit) throw new Error('DER beyond its parent');
  return { tag, start: at, end, body };
}

function children(b: Uint8Array, node: Der): Der[] {
  const out: Der[] = [];
  for (let at = node.body; at < node.end; ) {
    const c = readDer(b, at, node.end);
    out.push(c);
    at = c.end;
  }
  return out;
}

interface Subject {
  cn?: string;
  o?: string;
  l?: string;
}

const OID_CN = '550403';
const OID_O = '55040a';
const OID_L = '550407';

function nameOf(b: Uint8Array, name: Der): Subject & { key: string } {
  const s: Subject & { key: string } = { key: '' };
  for (const rdn of children(b, name)) {
    for (const atv of children(b, rdn)) {
      const [oid, value] = children(b, atv);
      if (!oid || !value || oid.tag !== 0x06) continue;
      const id = Array.from(b.subarray(oid.body, oid.end), (x) => x.toString(16).padStart(2, '0')).join('');
      const v = derString(b, value);
      s.key += `${id}=${v};`;
      if (id === OID_CN) s.cn ??= v;
      else if (id === OID_O) s.o ??= v;
      else if (id === OID_L) s.l ??= v;
    }
  }
  return s;
}

function derString(b: Uint8Array, v: Der): string {
  const raw = b.subarray(v.body, v.end);
  if (v.tag === 0x1e) return new TextDecoder('utf-16be').decode(raw);
  if (v.tag === 0x14) return latin1.decode(raw);
  return new TextDecoder('utf-8').decode(raw);
}

/** The subject of the signing certificate: the one certificate that issued no other in the set. */
function signerSubject(der: Uint8Array): Subject | null {
  const top = readDer(der, 0, der.length);
  const [, explicit] = children(der, top);
  if (!explicit) return null;
  const [signedData] = children(der, explicit);
  if (!signedData) return null;
  const certSet = children(der, signedData).find((c) => c.tag === 0xa0);
  if (!certSet) return null;
  const certs = children(der, certSet)
    .filter((c) => c.tag === 0x30)
    .map((cert) => {
      const [tbs] = children(der, cert);
      const fields = children(der, tbs);
      // tbsCertificate: [0] version?, serial, signature alg, issuer, validity, subject
      const off = fields[0]?.tag === 0xa0 ? 1 : 0;
      return { issuer: nameOf(der, fields[off + 2]), subject: nameOf(der, fields[off + 4]) };
    });
  if (!certs.length) return null;
  const leaf = certs.find((c) => !certs.some((o) => o !== c && o.issuer.key === c.subject.key)) ?? certs[0];
  return leaf.subject;
}
