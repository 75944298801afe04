import { describe, it, expect } from '@jest/globals';
import { plotRows } from './rows.js';
import type { CorpusRow, Cell } from '../corpus/measure.js';
import type { Throughput } from '../throughput/measure.js';
import type { SmpRate } from '../smp/aggregate.js';

const fig = (mips: number): Cell => ({ measurable: true, seconds: 1, mips });
const nm: Cell = { measurable: false, seconds: 0.001, why: 'short' };
const corpus = (program: string, instructions: number, interp: Cell, jit: Cell, qemu: Cell, error?: string, wasm: Cell = nm): CorpusRow => ({
  program: { flavour: 'le', program, args: program === 'bench' ? ['20'] : [], elf: '', qemu: 'qemu-ppc64le' },
  instructions, interp, jit, wasm, qemu, ...(error ? { error } : {}),
});

describe('the plot rows', () => {
  it('workloads, long corpus programs without their n/m figures, then the aggregates by vCPU count', () => {
    const throughput = [{ workload: 'register loop', hvstepMips: 100, jitMips: 500, wasmMips: 900, qemuMips: 4000 } as Throughput];
    const rows = plotRows(throughput, [
      corpus('bench', 84e6, fig(40), fig(50), fig(800), undefined, fig(120)),
      corpus('bench', 84e6, fig(40), fig(50), nm),
      corpus('arith', 4e6, fig(2), fig(3), fig(100)),
      corpus('bench', 84e6, fig(40), nm, fig(800)),
      corpus('bench', 84e6, fig(40), fig(50), fig(800), 'output differs'),
    ], [
      { engine: 'jit', vcpus: 2, mips: 300 }, { engine: 'interp', vcpus: 1, mips: 30 }, { engine: 'jit', vcpus: 1, mips: 200 },
    ] as SmpRate[]);
    expect(rows).toEqual([
      { label: 'register loop', mips: { interp: 100, jit: 500, wasm: 900, qemu: 4000 } },
      { label: 'corpus le/bench 20', mips: { interp: 40, jit: 50, wasm: 120, qemu: 800 } },
      { label: 'corpus le/bench 20', mips: { interp: 40, jit: 50 } },
      { label: 'system, 1 vCPU (aggregate)', mips: { interp: 30, jit: 200 } },
      { label: 'system, 2 vCPUs (aggregate)', mips: { jit: 300 } },
    ]);
  });
});
