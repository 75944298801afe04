import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { MicroResult } from './micro/index.js';
import type { Throughput } from './throughput/measure.js';
import type { RoundTrip, AllStop } from './hypervisor/exits.js';

const fmt = (x: number, digits = 1): string => x.toFixed(digits);
const mops = (x: number): string => fmt(x / 1e6, 1);

export function microTable(results: MicroResult[]): string {
  const lines = ['| group | design | M units/s | relative | note |', '|---|---|---:|---:|---|'];
  const groups = [...new Set(results.map((r) => r.group))];
  for (const g of groups) {
    const rows = results.filter((r) => r.group === g);
    const best = Math.max(...rows.map((r) => r.opsPerSecond));
    for (const r of rows) lines.push(`| ${g} | ${r.name} | ${mops(r.opsPerSecond)} | ${fmt(r.opsPerSecond / best, 2)} | ${r.note} |`);
  }
  return lines.join('\n');
}

export function throughputTable(results: Throughput[]): string {
  const lines = ['| workload | guest instructions | interp s | interp MIPS | jit s | jit MIPS | wasm s | wasm MIPS | qemu-ppc64le s | QEMU MIPS | interp / QEMU | jit / QEMU | wasm / QEMU |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|'];
  for (const r of results) {
    lines.push(`| ${r.workload} | ${r.instructions.toLocaleString('en-US')} | ${fmt(r.hvstepSeconds, 2)} | ${fmt(r.hvstepMips)} | ${fmt(r.jitSeconds, 2)} | ${fmt(r.jitMips)} | ${fmt(r.wasmSeconds, 2)} | ${fmt(r.wasmMips)} | ${fmt(r.qemuSeconds, 3)} | ${fmt(r.qemuMips)} | ${fmt(r.ratio, 3)} | ${fmt(r.jitRatio, 3)} | ${fmt(r.wasmRatio, 3)} |`);
  }
  return lines.join('\n');
}

/** Whole processes: wall times and QEMU's time over each engine's (its speed as a fraction of QEMU's). */
export function wholeProcessTable(results: Throughput[]): string {
  const lines = ['| workload | interp s | jit s | wasm s | qemu-ppc64le s | interp / QEMU | jit / QEMU | wasm / QEMU |', '|---|---:|---:|---:|---:|---:|---:|---:|'];
  for (const r of results) {
    const w = r.whole;
    lines.push(`| ${r.workload} | ${fmt(w.interp, 2)} | ${fmt(w.jit, 2)} | ${fmt(w.wasm, 2)} | ${fmt(w.qemu, 3)} | ${fmt(w.qemu / w.interp, 3)} | ${fmt(w.qemu / w.jit, 3)} | ${fmt(w.qemu / w.wasm, 3)} |`);
  }
  return lines.join('\n');
}

export function hypervisorTables(trips: RoundTrip[], stops: AllStop[]): string {
  const a = ['| vCPU thread | exits | exits/s | µs per round trip |', '|---|---:|---:|---:|'];
  for (const t of trips) a.push(`| ${t.where} | ${t.exits} | ${Math.round(t.perSecond).toLocaleString('en-US')} | ${fmt(t.microseconds, 1)} |`);
  const b = ['| vCPUs | samples | median ms | p90 ms | max ms |', '|---:|---:|---:|---:|---:|'];
  for (const s of stops) b.push(`| ${s.vcpus} | ${s.samples} | ${fmt(s.medianMs, 3)} | ${fmt(s.p90Ms, 3)} | ${fmt(s.maxMs, 3)} |`);
  return `${a.join('\n')}\n\n${b.join('\n')}`;
}

export function writeReport(path: string, micro: MicroResult[], throughput: Throughput[], trips: RoundTrip[], stops: AllStop[], command: string, sections: readonly string[] = [], throughputSections: readonly string[] = []): void {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const text = `# Benchmarks

Written by \`${command}\` on ${new Date().toISOString().slice(0, 10)} (${machine}).
The machines are shared and noisy: compare ratios measured in the same run, not
absolute figures across runs. A change to the interpreter is judged by racing the two
builds in one process (\`bash scripts/bench-ab.sh <ref>\`): docs/benchmarks-ab.md.

## Whole programs: hvstep's engines against qemu-ppc64le

All run the same static ELF with the same arguments; the interpreter
(\`--engine interp\`), the translator (\`--engine jit\`, JavaScript blocks from the
instruction templates) and the WebAssembly engine (\`--engine wasm\`: the process in an
arena, blocks compiled to WebAssembly from the same templates and chained there) must
retire the same number of instructions with the same output. hvstep's time is the guest
execution time reported by \`hvstep user --stats\` (the retired-instruction counter over
wall time); QEMU's is the process wall time minus its start-up on an empty program.
QEMU translates guest code into host code (TCG). Issue 14's targets: the register loop
at 1,000 MIPS or more per vCPU (at least 0.25 × QEMU in the same run), the C workload at
0.25 × QEMU's speed or better, 2 vCPUs at 1.8 × the aggregate MIPS of one (below).

${throughputTable(throughput)}

The same runs as whole processes (wall time from spawning to exit, start-up, loading
and exit included, as issue 14 states the C workload's target; \`hvstep\` is the
bundled command, QEMU the same binary as above):

${wholeProcessTable(throughput)}

${throughputSections.map((section) => `${section}\n`).join('')}## Hypervisor: exit round trip and all-stop latency

The round trip is a guest \`sc 1\` whose hypercall the hypervisor leaves to userspace,
answered by the main thread's exit dispatcher, and the vCPU resumed: through the
worker thread's shared mailbox (Atomics.notify / Atomics.waitAsync), and in-process
for comparison. All-stop is the time from kicking every spinning vCPU to the last one
having exited to userspace (a stop is noticed at the next taken branch). The machine
has 2 cores, so with more than 2 vCPU threads the kick also waits for the scheduler.

${hypervisorTables(trips, stops)}

${sections.join('\n')}
## Design choices, raced on identical work (tinybench)

Each row does one million units (interpreted instructions, 64-bit operations, or
decodes); "relative" is to the best of its group.

${microTable(micro)}
`;
  writeFileSync(path, text);
}
