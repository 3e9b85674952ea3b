import { readFileSync, readdirSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
const dir = 'samples/text/';
const S = readdirSync(dir).filter(f => f.endsWith('.txt')).map(f => readFileSync(dir + f, 'utf8'));
let parts: string[] = []; let size = 0; let u = 0;
while (size < 10e6) { const t = `${S[u % S.length]}\nPhụ lục big-${u++}\n`; parts.push(t); size += Buffer.byteLength(t); }
const bytes = new TextEncoder().encode(parts.join(''));
let t0 = performance.now(); isUtf8(bytes); console.log('isUtf8', performance.now() - t0);
t0 = performance.now(); const s = new TextDecoder('utf-8', { fatal: true }).decode(bytes); console.log('decode', performance.now() - t0);
t0 = performance.now(); const s2 = s.replace(/\r\n?/g, '\n'); console.log('replace', performance.now() - t0);
t0 = performance.now(); const s3 = s2.normalize('NFC'); console.log('nfc', performance.now() - t0, s3 === s2);
t0 = performance.now(); JSON.stringify({a: s3.slice(0, 1e6)}); console.log('x', performance.now() - t0);
