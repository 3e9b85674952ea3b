// Signed PDFs as Vietnamese offices publish them, made for tests: a page scan (one image filling the
// page), optionally the e-signature stamp written as page text in one corner, and a signature
// dictionary (/Type /Sig) whose /Contents holds a CMS SignedData with the signer's certificate.
// The CMS is structurally real (DER) but not cryptographically valid: vanban reads who and when, it
// does not verify signatures.
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { registerFonts } from './layout.js';
import { textPdf } from './make-samples.js';

export interface SignerSpec {
  /** subject common name ("Ủy ban nhân dân tỉnh Quảng Ngãi") */
  cn?: string;
  /** subject organisation ("Tỉnh Quảng Ngãi") */
  o?: string;
  /** the dictionary's /Name */
  name?: string;
  /** the dictionary's /M ("D:20250126111209+07'00'") */
  m?: string;
  /** write /Contents as this hex instead of a certificate (malformed input) */
  rawContents?: string;
}

export interface SignedPdfSpec {
  /** the page scan (PNG or JPEG), drawn over the whole A4 page */
  scan: Uint8Array;
  /** lines of Vietnamese written in the top right corner as page text (a stamp some signing tools write) */
  cornerText?: string[];
  signers: SignerSpec[];
}

const PAGE_W = 595.28;
const PAGE_H = 841.89;

export async function signedPdf(spec: SignedPdfSpec): Promise<Uint8Array> {
  const corner = (spec.cornerText ?? []).map((text, i) => ({ text, x: 400, y: 30 + 11 * i, size: 8, bold: false, italic: false, align: 'left' as const }));
  if (corner.length) registerFonts();
  // the corner text in embedded fonts (Skia), then the scan over the page
  const pdf = corner.length ? await PDFDocument.load(textPdf([{ lines: corner, truth: [] }])) : await PDFDocument.create();
  const page = corner.length ? pdf.getPage(0) : pdf.addPage([PAGE_W, PAGE_H]);
  const img = spec.scan[0] === 0xff ? await pdf.embedJpg(spec.scan) : await pdf.embedPng(spec.scan);
  page.drawImage(img, { x: 0, y: 0, width: PAGE_W, height: PAGE_H });
  for (const s of spec.signers) {
    const dict = pdf.context.obj({ Type: 'Sig', Filter: 'Adobe.PPKLite', SubFilter: 'ETSI.CAdES.detached' });
    if (s.m) dict.set(PDFName.of('M'), PDFString.of(s.m));
    if (s.name) dict.set(PDFName.of('Name'), PDFHexString.fromText(s.name));
    dict.set(PDFName.of('Contents'), PDFHexString.of(s.rawContents ?? toHex(cms(s))));
    pdf.context.register(dict);
  }
  // signature dictionaries stay outside object streams, as signing software writes them
  return pdf.save({ useObjectStreams: false });
}

// -- a minimal DER writer

function der(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const len = parts.reduce((n, p) => n + p.length, 0);
  const head = len < 128 ? [tag, len] : len < 256 ? [tag, 0x81, len] : [tag, 0x82, len >> 8, len & 0xff];
  const out = new Uint8Array(head.length + len);
  out.set(head);
  let at = head.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
const seq = (...p: Uint8Array[]) => der(0x30, ...p);
const set = (...p: Uint8Array[]) => der(0x31, ...p);
const oid = (...bytes: number[]) => der(0x06, Uint8Array.from(bytes));
const utf8 = (s: string) => der(0x0c, new TextEncoder().encode(s));
const int = (n: number) => der(0x02, Uint8Array.of(n));

function name(attrs: Array<[number[], string]>): Uint8Array {
  return seq(...attrs.map(([id, v]) => set(seq(oid(...id), utf8(v)))));
}

const CN = [0x55, 0x04, 0x03];
const O = [0x55, 0x04, 0x0a];
const C = [0x55, 0x04, 0x06];

function certificate(issuer: Uint8Array, subject: Uint8Array, serial: number): Uint8Array {
  const alg = seq(oid(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b), der(0x05));
  const validity = seq(der(0x17, new TextEncoder().encode('250101000000Z')), der(0x17, new TextEncoder().encode('300101000000Z')));
  const tbs = seq(der(0xa0, int(2)), int(serial), alg, issuer, validity, subject);
  return seq(tbs, alg, der(0x03, Uint8Array.of(0, 1, 2, 3)));
}

/** ContentInfo(SignedData) holding the signer's certificate and its issuer's (the issuer listed first). */
function cms(s: SignerSpec): Uint8Array {
  const ca = name([[C, 'VN'], [CN, 'Cơ quan chứng thực thử nghiệm']]);
  const subject = name([[C, 'VN'], ...(s.o ? [[O, s.o] as [number[], string]] : []), ...(s.cn ? [[CN, s.cn] as [number[], string]] : [])]);
  const signedData = seq(
    int(1),
    set(),
    seq(oid(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01)),
    der(0xa0, certificate(ca, ca, 1), certificate(ca, subject, 2)),
    set(),
  );
  return seq(oid(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02), der(0xa0, signedData));
}

const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
