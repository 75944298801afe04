import { join } from 'node:path';
import { runMicroBenchmarks } from './micro/index.js';
import { workloads, exitProgram, REPO_ROOT } from './throughput/programs.js';
import { measure, qemuStartupSeconds, type Throughput } from './throughput/measure.js';
import { microTable, throughputTable, writeReport, hypervisorTables } from './report.js';
import { exitRoundTrip, allStopLatency, type RoundTrip, type AllStop } from './hypervisor/exits.js';
import { targetSteps, protocolSteps, qemuProtocolSteps, gdbSteps, type StepResult } from './sstep/step-bench.js';
import { stepSection } from './sstep/report.js';
import { gdbContinueRows, type ContinueResult } from './gdbstub/continue-bench.js';
import { throughputExtras } from './throughput-extras.js';
import { linuxBootRows } from './linux-boot/runs.js';
import { linuxBootSection, linuxBootFailure } from './linux-boot/report.js';

/** `pnpm bench [--scale N] [--quick]`: micro-benchmarks, whole-program MIPS against QEMU, docs/benchmarks.md. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const scaleAt = args.indexOf('--scale');
  const scale = scaleAt >= 0 ? Number(args[scaleAt + 1]) : 1;
  if (!Number.isInteger(scale) || scale < 1) { console.error('bench: --scale takes a positive integer'); process.exit(2); }
  const quick = args.includes('--quick');

  console.log('micro-benchmarks (tinybench)...');
  const micro = await runMicroBenchmarks(quick ? 150 : 500);
  console.log(microTable(micro));

  const startup = qemuStartupSeconds(exitProgram());
  console.log(`\nqemu-ppc64le start-up: ${(startup * 1000).toFixed(1)} ms`);
  const results: Throughput[] = [];
  for (const w of workloads(scale)) {
    process.stdout.write(`running ${w.name}...\n`);
    results.push(measure(w, startup));
  }
  console.log(throughputTable(results));
  const extras = await throughputExtras(results, scale, quick);

  console.log('\nhypervisor: exit round trips and all-stop latency...');
  const trips: RoundTrip[] = [await exitRoundTrip(true), await exitRoundTrip(false)];
  const stops: AllStop[] = [];
  for (const n of [1, 2, 4, 8]) stops.push(await allStopLatency(n, quick ? 10 : 30));
  console.log(hypervisorTables(trips, stops));

  console.log('\nsingle step: emulated (hv), native (pr), QEMU...');
  const steps: StepResult[] = [];
  const n = quick ? 300 : 2000;
  for (const accel of ['hv', 'pr'] as const) {
    for (const smp of [1, 2, 4, 8]) {
      for (const locking of smp === 1 ? ['on'] as const : ['on', 'off'] as const) steps.push(await targetSteps(accel, smp, locking, n));
    }
  }
  for (const accel of ['hv', 'pr'] as const) {
    steps.push(await protocolSteps(accel, 1, 'on', n));
    steps.push(await protocolSteps(accel, 4, 'off', n));
  }
  steps.push(await qemuProtocolSteps(n));
  for (const kind of ['hv', 'pr', 'qemu'] as const) steps.push(await gdbSteps(kind, quick ? 100 : 500));
  const sstep = stepSection(steps);
  console.log(sstep);
  const continues: ContinueResult[] = await gdbContinueRows([
    { kind: 'qemu' }, { kind: 'hv' }, { kind: 'pr' }, { kind: 'hv', site: 'loop' }, { kind: 'pr', site: 'loop' },
  ], quick ? 50 : 300, quick ? 1 : 3);
  const cont = continueSection(continues);
  console.log(cont);

  // the boot is a minute or two per machine: --quick boots each once
  console.log("\nLinux: Debian's kernel to its first command (hvstep interp, jit; qemu-system-ppc64)...");
  const bootRuns = quick ? 1 : 3;
  let boot: string;
  try {
    boot = linuxBootSection(await linuxBootRows(bootRuns, (line) => console.log(line)), bootRuns);
  } catch (e) {
    // a failed boot is reported in its section; the rest of the run is still written
    console.error(e instanceof Error ? e.message : String(e));
    boot = linuxBootFailure(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
  console.log(boot);

  const out = join(REPO_ROOT, 'docs/benchmarks.md');
  writeReport(out, micro, results, trips, stops, `pnpm bench${scale !== 1 ? ` --scale ${scale}` : ''}${quick ? ' --quick' : ''}`, [sstep, cont, boot], extras);
  console.log(`\nwritten ${out}`);
}

function continueSection(rows: readonly ContinueResult[]): string {
  const qemu = rows.find((r) => r.target.startsWith('QEMU'))?.perSecond ?? Number.NaN;
  return `## gdb-multiarch: continue over a breakpoint, against QEMU's gdbstub

One batch session of N \`continue\`s on a breakpoint that is hit over and over (GDB steps
over it each time: on \`hv\` with the emulated step), less the same session with one
continue (start-up subtracted); the median of 3 rounds, each round running every row once
in turn (\`--quick\`: 1 round), so QEMU and hvstep share the host's conditions.
\`debugger_trace\` has guest work of its own between some hits (console output, the user
program) and GDB prints each stop with the kernel's DWARF; \`*smp_work+144\` (\`symbols
only\`: GDB \`--readnever\`) is hit every 12 instructions and GDB does the same work per
stop as for QEMU's workload, which has no DWARF (packages/bench/src/gdbstub/continue-bench.ts).

| target | breakpoint | continues | per second | ms each | vs QEMU |
|---|---|---|---|---|---|
${rows.map((r) => `| ${r.target} | ${r.breakpoint} | ${r.continues} | ${Math.round(r.perSecond)} | ${r.msPer.toFixed(2)} | ${(r.perSecond / qemu).toFixed(2)} × |`).join('\n')}
`;
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
