// Reproduces the README's finding on compromise (an English-first NLP library) applied to
// Vietnamese notice text: tokens, tags, numbers and match patterns, printed side by side.
// usage: npx tsx scripts/compromise-trial.ts ["sentence"]
import nlp from 'compromise';

const sentence =
  process.argv[2] ??
  'Sở Tài chính chủ trì, phối hợp với Sở Nội vụ báo cáo trước ngày 30 tháng 10 năm 2025; tỷ lệ đạt 99,54%.';
const doc = nlp(sentence);

console.log('terms (text, normal form, tags):');
for (const t of doc.terms().json() as { text: string; terms: { normal: string; tags: string[] }[] }[]) {
  console.log(`  ${t.text.padEnd(8)} ${t.terms[0].normal.padEnd(8)} ${t.terms[0].tags.join(',')}`);
}

console.log('\nnumbers() (decimal comma read as a thousands separator):');
for (const n of doc.numbers().json() as { text: string; number: { num: number; suffix: string } }[]) {
  console.log(`  "${n.text}" -> ${n.number.num}${n.number.suffix}`);
}

console.log('\nliteral pattern "phối hợp với [.+?] báo" (what a regular expression also does):');
console.log(' ', (doc.match('phối hợp với [<who>.+?] báo').groups('who') as { text(): string } | undefined)?.text() ?? '(no match)');

console.log('\nlexicon: a multi-syllable agency name as one entry');
const tagged = nlp(sentence, { 'sở tài chính': 'Organization' }).match('#Organization').out('array');
console.log('  #Organization ->', tagged.length ? tagged : '(nothing tagged)');
