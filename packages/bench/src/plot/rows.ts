import type { Throughput } from '../throughput/measure.js';
import type { CorpusRow } from '../corpus/measure.js';
import { corpusLabel } from '../corpus/report.js';
import type { SmpRate } from '../smp/aggregate.js';
import type { PlotRow } from './mips-svg.js';

/**
 * Corpus programs shorter than this stay in the table but not in the plot: QEMU
 * runs them within its own start-up, and hvstep's time on them is mostly start-up
 * and translation, not throughput.
 */
export const MIN_PLOT_INSTRUCTIONS = 10_000_000;

/**
 * The plot's rows: the whole-program workloads (every engine), the corpus programs of at least
 * MIN_PLOT_INSTRUCTIONS with a figure on the interpreter and the translator (the
 * WebAssembly engine's and QEMU's bars only where they were measurable), and the system-mode aggregates (no QEMU counterpart).
 */
export function plotRows(throughput: readonly Throughput[], corpus: readonly CorpusRow[], smp: readonly SmpRate[]): PlotRow[] {
  const rows: PlotRow[] = throughput.map((t) => ({ label: t.workload, mips: { interp: t.hvstepMips, jit: t.jitMips, wasm: t.wasmMips, qemu: t.qemuMips } }));
  for (const c of corpus) {
    if (c.error || c.instructions < MIN_PLOT_INSTRUCTIONS || !c.interp.measurable || !c.jit.measurable) continue;
    rows.push({ label: `corpus ${corpusLabel(c)}`, mips: { interp: c.interp.mips, jit: c.jit.mips, ...(c.wasm.measurable ? { wasm: c.wasm.mips } : {}), ...(c.qemu.measurable ? { qemu: c.qemu.mips } : {}) } });
  }
  for (const n of [...new Set(smp.map((s) => s.vcpus))].sort((a, b) => a - b)) {
    const of = (engine: string) => smp.find((s) => s.vcpus === n && s.engine === engine)?.mips;
    const interp = of('interp'), jit = of('jit'), wasm = of('wasm');
    rows.push({ label: `system, ${n} vCPU${n > 1 ? 's' : ''} (aggregate)`, mips: { ...(interp ? { interp } : {}), ...(jit ? { jit } : {}), ...(wasm ? { wasm } : {}) } });
  }
  return rows;
}
