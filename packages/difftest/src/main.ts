import { parseArgs } from 'node:util';
import { runDifftest, classTable } from './run.js';
import { makePool, runBatch } from './batch.js';
import { coverageTable, coverageSummary } from './coverage.js';
import { generateCase } from './generator.js';
import { listing } from './report.js';
import { PLAIN_ENGINES, type Engine } from '@hvstep/emulator-core';

/**
 * pnpm difftest [--count N] [--seed S] [--only m1,m2] [--threads T] [--case N]
 *               [--coverage] [--max-reports K] [--batch B] [--max-length L] [--mutate P] [--no-minimise]
 *               [--engine interp|jit]
 *
 * Runs N random cases under qemu-ppc64le and hvstep, prints mismatches with a
 * minimised reproduction, a summary, and exits 1 on any mismatch. --coverage adds
 * the per-instruction table (with --count 0: the table alone, no run).
 */
const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '2000' },
    seed: { type: 'string' },
    only: { type: 'string' },
    threads: { type: 'string', default: '2' },
    case: { type: 'string' },
    coverage: { type: 'boolean', default: false },
    'max-reports': { type: 'string', default: '20' },
    batch: { type: 'string' },
    'max-length': { type: 'string' },
    mutate: { type: 'string' },
    'no-minimise': { type: 'boolean', default: false },
    engine: { type: 'string', default: 'interp' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('usage: pnpm difftest [--count N] [--seed S] [--only m1,m2] [--threads T] [--case N] [--coverage] [--max-reports K] [--batch B] [--max-length L] [--mutate P] [--no-minimise] [--engine interp|jit]');
  process.exit(0);
}

const seed = values.seed !== undefined ? Number(values.seed) >>> 0 : (Date.now() & 0x7fffffff);
const only = values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
const base = {
  seed,
  ...(only ? { only } : {}),
  ...(values['max-length'] ? { maxLength: Number(values['max-length']) } : {}),
  ...(values.mutate !== undefined ? { mutate: Number(values.mutate) } : {}),
  minimise: !values['no-minimise'],
  engine: values.engine as Engine,
};
if (!(PLAIN_ENGINES as readonly string[]).includes(values.engine)) { console.log(`--engine: expected ${PLAIN_ENGINES.join(' or ')}, got '${values.engine}'`); process.exit(2); }

const { plan, pool, fp } = makePool(base);
if (only) {
  const known = new Set(plan.map((e) => e.def.mnemonic));
  const unknown = only.filter((m) => !known.has(m));
  if (unknown.length) console.log(`--only: not in the decode table: ${unknown.join(', ')}`);
}
if (values.coverage && Number(values.count) === 0) {
  console.log(coverageTable(plan, {}, fp));
  console.log(coverageSummary(plan, fp));
  process.exit(0);
}
if (pool.length === 0) {
  console.log('no instruction to generate (empty pool)');
  process.exit(1);
}

if (values.case !== undefined) {
  // one case, in this process: its code, and its report when it mismatches
  const index = Number(values.case);
  const tc = generateCase(seed, index, { pool, fp, ...(base.maxLength ? { maxLength: base.maxLength } : {}), ...(base.mutate ? { mutate: base.mutate } : {}) });
  const r = await runBatch({ ...base, start: index, count: 1, fullReports: 1, fp });
  if (r.mismatches.length) {
    console.log(r.mismatches[0]!.text);
    process.exit(1);
  }
  console.log(`seed ${seed} case ${index}: ${r.stopsMatched ? 'both stopped the same way' : 'same state'} (qemu and hvstep agree)`);
  console.log(listing(tc).join('\n'));
  process.exit(0);
}

const count = Number(values.count);
console.log(`difftest: ${count} cases, seed ${seed}, ${values.threads} threads, ${pool.length} instructions in the pool${fp ? '' : ' (FP state not compared: FP harness instructions missing)'}`);
let last = 0;
const summary = await runDifftest({
  ...base,
  count,
  threads: Number(values.threads),
  maxReports: Number(values['max-reports']),
  ...(values.batch ? { batchSize: Number(values.batch) } : {}),
  onProgress: (done, total, mism) => {
    const now = Date.now();
    if (now - last > 1000 || done === total) { last = now; console.log(`  ${done}/${total} cases, ${mism} mismatches`); }
  },
});

for (const m of summary.mismatches) console.log(m.text.includes('\n') ? `\n${m.text}` : m.text);
if (summary.knownQemuBugs.length) {
  console.log(`\n${summary.knownQemuBugs.length} differences explained by known QEMU 7.2 bugs (not counted as mismatches):`);
  for (const k of summary.knownQemuBugs.slice(0, 10)) console.log(`  ${k}`);
  // how many each entry explained (the text after the case's mnemonics is the entry's explanation)
  const perEntry = new Map<string, number>();
  for (const k of summary.knownQemuBugs) { const e = k.slice(k.indexOf(']: ') + 3); perEntry.set(e, (perEntry.get(e) ?? 0) + 1); }
  for (const [e, n] of perEntry) console.log(`  ${String(n).padStart(6)} x ${e.slice(0, 100)}...`);
}
if (values.coverage) console.log('\n' + coverageTable(plan, summary.perMnemonic, fp));
console.log('\n' + coverageSummary(plan, fp));
console.log('\n' + classTable(summary));
console.log(`\nseed ${seed}: ${summary.cases} cases, ${summary.passed} passed (${summary.stopsMatched} stopped identically), ` +
  `${summary.mismatches.length} mismatches, ${summary.knownQemuBugs.length} known QEMU bugs; ${summary.qemuStarts} qemu processes, ${(summary.ms / 1000).toFixed(1)} s`);
process.exit(summary.mismatches.length ? 1 : 0);
