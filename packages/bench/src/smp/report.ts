import type { SmpRate } from './aggregate.js';

export function smpTable(rows: readonly SmpRate[]): string {
  const lines = ['| engine | vCPUs | instructions per vCPU | total instructions | wall s | aggregate MIPS | vs 1 vCPU |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const r of rows) {
    const one = rows.find((o) => o.engine === r.engine && o.vcpus === 1);
    lines.push(`| ${r.engine} | ${r.vcpus} | ${(r.instructions / r.vcpus).toLocaleString('en-US')} | ${r.instructions.toLocaleString('en-US')} | ${r.seconds.toFixed(2)} | ${r.mips.toFixed(1)} | ${one ? `${(r.mips / one.mips).toFixed(2)} ×` : '—'} |`);
  }
  return lines.join('\n');
}

export function smpSection(rows: readonly SmpRate[], hostCores: number, repetitions: number): string {
  return `## System mode: aggregate MIPS of 1, 2 and 4 vCPUs

A bare-metal guest (packages/bench/guests/smp-loop.S) on the hypervisor API: every vCPU
runs the register loop on its own worker thread, the same number of iterations whatever
the vCPU count (calibrated to about one second for one vCPU of each engine, after a
warm-up run that starts the workers and translates the loop). Aggregate MIPS is the sum
of the vCPUs' retired-instruction counters over the wall time from starting the first to
the last one's done hypercall (median of ${repetitions} run(s)). The host has **${hostCores}**
cores (os.availableParallelism()), shared with other work while this ran: N vCPUs can at
best run ${hostCores === 1 ? 'one' : `min(N, ${hostCores})`} at a time, so "vs 1 vCPU" is how the worker threads scale here
(issue 14's target, 2 vCPUs at 1.8 × one, needs two idle cores).

${smpTable(rows)}
`;
}
