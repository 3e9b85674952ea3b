// Repair a text file line by line with the library entry point (what `vanban repair` runs).
// usage: node --import tsx scripts/repair/repair-file.ts FILE|- > OUT
import { readFileSync } from 'node:fs';
import { createRepairer } from '../../src/repair/index.js';
import { loadRepairModel } from '../../src/runtime/node/models.js';

const src = process.argv[2] ?? '-';
const text = readFileSync(src === '-' ? 0 : src, 'utf8');
const lines = text.split('\n');
const trailing = lines.length > 0 && lines[lines.length - 1] === '';
if (trailing) lines.pop();
const out = await createRepairer(loadRepairModel()).repairLines(lines);
process.stdout.write(out.join('\n') + (trailing ? '\n' : ''));
