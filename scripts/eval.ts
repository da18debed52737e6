// Measures the embedded analyzer on a labelled JSONL set (internal evaluation only; the data
// is read at run time and never copied into the project).
//
//   node --experimental-strip-types scripts/eval.ts [path/to/multilingual-dev.jsonl]

import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectLanguage } from '../src/main/core/analyzer/language.ts';
import { analyzeSentiment } from '../src/main/core/analyzer/sentiment.ts';

type Label = 'positive' | 'negative' | 'neutral';
const LABELS: Label[] = ['positive', 'negative', 'neutral'];

interface Row {
  id: string;
  text: string;
  lang: string;
  script: string;
  sentiment: Label;
}

interface Pair {
  gold: Label;
  pred: Label;
}

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const path = resolve(repo, process.argv[2] ?? '../shared/eval/multilingual-dev.jsonl');

if (!existsSync(path)) {
  console.log(`eval: no data set at ${path}; nothing to measure.`);
  process.exit(0);
}

const rows: Row[] = readFileSync(path, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Row);

const pct = (n: number, d: number) =>
  d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1)}%`.padStart(6);

interface ClassStats {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

function perClass(pairs: Pair[]): Record<Label, ClassStats> {
  const out = {} as Record<Label, ClassStats>;
  for (const c of LABELS) {
    const tp = pairs.filter((p) => p.pred === c && p.gold === c).length;
    const fp = pairs.filter((p) => p.pred === c && p.gold !== c).length;
    const fn = pairs.filter((p) => p.pred !== c && p.gold === c).length;
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    out[c] = { precision, recall, f1, support: tp + fn };
  }
  return out;
}

/** Macro-F1 over the classes present in the gold labels or the predictions (as sklearn does). */
function macroF1(pairs: Pair[]): number {
  const stats = perClass(pairs);
  const present = LABELS.filter((c) => pairs.some((p) => p.gold === c || p.pred === c));
  if (present.length === 0) return 0;
  return present.reduce((a, c) => a + stats[c].f1, 0) / present.length;
}

const started = performance.now();
const results = rows.map((r) => {
  const lang = detectLanguage(r.text);
  const sent = analyzeSentiment(r.text, lang.language);
  return { row: r, lang, sent };
});
const elapsed = performance.now() - started;

const strata = [...new Set(rows.map((r) => `${r.lang}/${r.script}`))].sort();

console.log(`Embedded analyzer on ${rows.length} items (${path})`);
console.log(
  `Throughput: ${((rows.length / elapsed) * 1000).toFixed(0)} messages/s (language + sentiment)\n`,
);

console.log('Language identification (gold language x gold script)');
console.log('stratum      n   lang acc   script agrees');
for (const s of strata) {
  const rs = results.filter((x) => `${x.row.lang}/${x.row.script}` === s);
  const ok = rs.filter((x) => x.lang.language === x.row.lang).length;
  const scriptOk = rs.filter(
    (x) => x.lang.script === x.row.script || (x.row.lang === 'en' && x.lang.language === 'en'),
  ).length;
  console.log(
    `${s.padEnd(10)} ${String(rs.length).padStart(3)}   ${pct(ok, rs.length)}     ${pct(scriptOk, rs.length)}`,
  );
}
const roman = results.filter((x) => x.row.script === 'roman');
const romanOk = roman.filter((x) => x.lang.language === x.row.lang).length;
console.log(`romanized overall: ${romanOk}/${roman.length} = ${pct(romanOk, roman.length).trim()}`);
for (const l of ['ta', 'hi', 'te']) {
  const rs = roman.filter((x) => x.row.lang === l);
  const ok = rs.filter((x) => x.lang.language === l).length;
  console.log(`  romanized ${l}: ${ok}/${rs.length} = ${pct(ok, rs.length).trim()}`);
}
const all = results.filter((x) => x.lang.language === x.row.lang).length;
console.log(`all items: ${all}/${results.length} = ${pct(all, results.length).trim()}\n`);

console.log('Sentiment (3 classes; macro-F1 over classes present in gold or predictions)');
console.log('stratum      n   macro-F1   accuracy');
const pairsOf = (xs: typeof results): Pair[] =>
  xs.map((x) => ({ gold: x.row.sentiment, pred: x.sent.sentiment }));
for (const s of strata) {
  const rs = results.filter((x) => `${x.row.lang}/${x.row.script}` === s);
  const pairs = pairsOf(rs);
  const acc = pairs.filter((p) => p.gold === p.pred).length;
  console.log(
    `${s.padEnd(10)} ${String(rs.length).padStart(3)}   ${macroF1(pairs).toFixed(3).padStart(7)}   ${pct(acc, rs.length)}`,
  );
}
for (const l of ['ta', 'hi', 'te', 'en']) {
  const pairs = pairsOf(results.filter((x) => x.row.lang === l));
  console.log(
    `${`${l} (all)`.padEnd(10)} ${String(pairs.length).padStart(3)}   ${macroF1(pairs).toFixed(3).padStart(7)}`,
  );
}
const allPairs = pairsOf(results);
const overallAcc = allPairs.filter((p) => p.gold === p.pred).length;
console.log(
  `${'overall'.padEnd(10)} ${String(allPairs.length).padStart(3)}   ${macroF1(allPairs).toFixed(3).padStart(7)}   ${pct(overallAcc, allPairs.length)}\n`,
);

console.log('Per class (overall)');
console.log('class      precision  recall    F1   gold  predicted');
const stats = perClass(allPairs);
for (const c of LABELS) {
  const predicted = allPairs.filter((p) => p.pred === c).length;
  const st = stats[c];
  console.log(
    `${c.padEnd(10)} ${st.precision.toFixed(3).padStart(8)} ${st.recall.toFixed(3).padStart(7)} ${st.f1.toFixed(3).padStart(6)} ${String(st.support).padStart(5)} ${String(predicted).padStart(9)}`,
  );
}

console.log('\nConfusion (rows gold, columns predicted)');
console.log(`${''.padEnd(10)} ${LABELS.map((l) => l.padStart(9)).join(' ')}`);
for (const g of LABELS) {
  const cells = LABELS.map((p) =>
    String(allPairs.filter((x) => x.gold === g && x.pred === p).length).padStart(9),
  );
  console.log(`${g.padEnd(10)} ${cells.join(' ')}`);
}
