import { STEP_WARMUP } from './step-client.js';
import type { StepResult } from './step-bench.js';

const fmt = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : '—');

/** The single-step section of docs/benchmarks.md. */
export function stepSection(results: readonly StepResult[]): string {
  const rows = results.map((r) => `| ${r.path} | ${r.method} | ${r.smp} | ${r.schedulerLocking} | ${r.steps} | ${Math.round(r.stepsPerSecond)} | ${fmt(r.medianMs, 3)} | ${fmt(r.p90Ms, 3)} |`);
  const qemu = (path: StepResult['path']) => results.find((r) => r.path === path && r.method.startsWith('QEMU'));
  const ratios = results.filter((r) => !r.method.startsWith('QEMU') && r.smp === 1 && qemu(r.path)).map((r) =>
    `- ${r.path}, ${r.method}: ${(r.stepsPerSecond / qemu(r.path)!.stepsPerSecond).toFixed(2)} × QEMU's rate${r.path === 'protocol' ? `, ${(qemu(r.path)!.medianMs / r.medianMs).toFixed(2)} × by the median step` : ''}`);
  return `## Single step: emulated (hv) against native (pr) and QEMU's gdbstub

- **target**: steps through \`MachineDebugTarget\` (what the stub calls, no protocol), one
  vCPU in the SMP kernel's \`smp_work\`; scheduler-locking *on* keeps the others stopped
  (\`vCont;s:X\`), *off* lets them run (\`vCont;s:X;c\`: they meet the step breakpoint on
  the Trace vector, since every CPU there traces itself).
- **protocol**: raw \`vCont;s\` + stop reply round trips over TCP from a TypeScript client
  in its own thread (no-ack mode), timed after ${STEP_WARMUP} untimed ones (V8 compiles the
  stub's path in its first hundreds of steps); QEMU: \`s\` on \`qemu-ppc64le -g\` stepping a
  user-mode program (TCG), the same client and warm-up.
- **gdb**: \`stepi N\` in one gdb-multiarch batch session, less the same session with
  \`stepi 1\`: GDB's own work per step (it reads registers and memory after each).

| path | method | vCPUs | scheduler-locking | steps | steps/s | median ms | p90 ms |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

${ratios.join('\n')}
`;
}
