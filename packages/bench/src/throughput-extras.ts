import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ENGINES } from '@hvstep/emulator-core';
import { REPO_ROOT, exitProgram } from './throughput/programs.js';
import type { Throughput } from './throughput/measure.js';
import { buildCorpus, corpusPrograms } from './corpus/programs.js';
import { measureCorpusProgram, measureStartup, type CorpusRow } from './corpus/measure.js';
import { median } from './corpus/samples.js';
import { corpusSection } from './corpus/report.js';
import { smpSeries, type SmpRate } from './smp/aggregate.js';
import { smpSection } from './smp/report.js';
import { plotRows, MIN_PLOT_INSTRUCTIONS } from './plot/rows.js';
import { mipsSvg } from './plot/mips-svg.js';

/** Where the plot goes: next to docs/benchmarks.md, which links it by this name. */
export const PLOT_FILE = 'benchmarks-mips.svg';

/**
 * The throughput sections after the three whole-program workloads, measured in the
 * same run: the C corpus on both engines and qemu-user, the system-mode aggregate of
 * 1, 2 and 4 vCPUs on both engines, and the plot of all of them (written to docs/).
 * `quick` takes fewer repetitions, not less work per run.
 */
export async function throughputExtras(results: readonly Throughput[], scale: number, quick: boolean): Promise<string[]> {
  console.log('\nC corpus (interp, jit, qemu-user)...');
  buildCorpus();
  const reps = quick ? { hvstep: 1, qemu: 5 } : { hvstep: 3, qemu: 9 };
  const startup = measureStartup(exitProgram(), quick ? 5 : 9);
  const corpus: CorpusRow[] = [];
  for (const p of corpusPrograms(scale)) {
    process.stdout.write(`running ${p.flavour}/${p.program}...\n`);
    corpus.push(measureCorpusProgram(p, startup, reps));
  }
  const corpusText = corpusSection(corpus, reps, median(startup.samples) * 1000);
  console.log(corpusText);

  const cores = availableParallelism();
  console.log(`\nsystem mode: aggregate MIPS of 1, 2 and 4 vCPUs (${cores} host cores)...`);
  const smpRepetitions = quick ? 1 : 3;
  const smp: SmpRate[] = [];
  for (const engine of ENGINES) smp.push(...await smpSeries(engine, 1, smpRepetitions));
  const smpText = smpSection(smp, cores, smpRepetitions);
  console.log(smpText);

  writeFileSync(join(REPO_ROOT, 'docs', PLOT_FILE), mipsSvg(plotRows(results, corpus, smp), 'hvstep and qemu-ppc64le: MIPS per workload (one run)'));
  const plotText = `![MIPS per workload: interpreter, translator, qemu-ppc64le (log scale)](${PLOT_FILE})

The plot (${PLOT_FILE}, written by the same run) shows every figure of the tables below and
above on a log scale: the three workloads, the corpus programs of at least
${(MIN_PLOT_INSTRUCTIONS / 1e6).toFixed(0)} million instructions (no QEMU bar where its time was not measurable), and the
system-mode aggregates (no QEMU counterpart).
`;
  return [plotText, corpusText, smpText];
}
