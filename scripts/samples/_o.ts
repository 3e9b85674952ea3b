import { ingestFile, sample } from '../../test/ocr/helpers.js';
import { createOcrPool } from '../../src/ocr/tesseract.js';
const pool = createOcrPool({ workers: 1 })!;
const doc = await ingestFile(sample(process.argv[2]));
const r = await pool.recognize(doc.pages[0]);
for (const l of r.lines) console.log(l.confidence, l.words!.map(w=>`${w.text}[${w.bbox!.join(',')}]`).join(' ').slice(0,300));
await pool.close();
