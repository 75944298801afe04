import type { Cell, CorpusRow } from './measure.js';
import { MIN_HVSTEP_SECONDS, MIN_QEMU_SECONDS, NOISE_FACTOR } from './measure.js';

const cell = (c: Cell): string => (c.measurable ? c.mips.toFixed(1) : `n/m (${c.why})`);
const ratio = (a: Cell, b: Cell): string => (a.measurable && b.measurable ? (a.mips / b.mips).toFixed(3) : '—');

/** A row's name: flavour/program and its arguments. */
export const corpusLabel = (r: CorpusRow): string => `${r.program.flavour}/${r.program.program}${r.program.args.length ? ` ${r.program.args.join(' ')}` : ''}`;

export function corpusTable(rows: readonly CorpusRow[]): string {
  const lines = ['| program | guest instructions | interp MIPS | jit MIPS | wasm MIPS | QEMU MIPS | interp / QEMU | jit / QEMU | wasm / QEMU |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|'];
  for (const r of rows) {
    if (r.error) { lines.push(`| ${corpusLabel(r)} | ${r.instructions.toLocaleString('en-US')} | runs disagree: ${r.error} | | | | | | |`); continue; }
    lines.push(`| ${corpusLabel(r)} | ${r.instructions.toLocaleString('en-US')} | ${cell(r.interp)} | ${cell(r.jit)} | ${cell(r.wasm)} | ${cell(r.qemu)} | ${ratio(r.interp, r.qemu)} | ${ratio(r.jit, r.qemu)} | ${ratio(r.wasm, r.qemu)} |`);
  }
  return lines.join('\n');
}

export function corpusSection(rows: readonly CorpusRow[], reps: { hvstep: number; qemu: number }, startupMs: number): string {
  return `## The C corpus: hvstep's engines and qemu-ppc64le

The test/corpus programs (scripts/build-corpus.sh: \`le\` POWER8, \`p9\`, \`o0\`, big-endian
\`be\`, static glibc, glibc for POWER9, and glibc linked dynamically, run with
\`-L /usr/powerpc64le-linux-gnu\`), each run ${reps.hvstep} time(s) per engine under \`hvstep user
--stats\` and ${reps.qemu} times under qemu-user, each of these right after a run of the empty program
whose start-up it is net of, all with the same environment; all runs must agree
on exit status and output, and the engines on the instruction count. Only \`bench\` takes a
work count (20 × scale iterations, as the C workload); the others do a fixed, small amount of
work, which qemu finishes within its own start-up (${startupMs.toFixed(1)} ms, median before the corpus). A
figure is given only when it can be told from noise, otherwise **n/m** (not measurable) says
why: hvstep's guest time must be at least ${MIN_HVSTEP_SECONDS * 1000} ms; QEMU's median time less its
median start-up at least ${MIN_QEMU_SECONDS * 1000} ms, at least the start-up itself, and ${NOISE_FACTOR} × the
spread (median absolute deviation) of its runs plus that of the start-up runs. hvstep's time includes translating (jit, wasm) and,
for glibc-dyn, ld.so's work, as QEMU's does.

${corpusTable(rows)}
`;
}
