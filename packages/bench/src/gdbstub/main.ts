import { protocolSteps, qemuProtocolSteps, gdbSteps, type StepResult } from '../sstep/step-bench.js';
import { STEP_WARMUP } from '../sstep/step-client.js';
import { gdbContinueRows, type ContinueResult } from './continue-bench.js';
import { gdbRecord, type RecordResult } from './record-bench.js';

/**
 * `node packages/bench/dist/gdbstub/main.js [--steps N] [--continues N] [--rounds N] [--recorded N]`:
 * the GDB stub side by side with QEMU's in one run — raw `vCont;s` round trips,
 * gdb-multiarch `stepi N`, `continue` over a breakpoint, and `record full` with
 * `stepi N` / `reverse-stepi N` (`--only-record` runs just that) — printed as the tables of
 * docs/gdbstub.md. (The stepping figures reuse the single-step benchmark of
 * ../sstep; `pnpm bench` writes the full set to docs/benchmarks.md.)
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
  const steps = opt('--steps', 5000), continues = opt('--continues', 300);
  const models = (process.env.HVSTEP_GDB_MODELS ?? 'pr,hv').split(',') as ('hv' | 'pr')[];
  const recorded = opt('--recorded', 1000);
  const rec: RecordResult[] = [await gdbRecord('qemu', recorded)];
  for (const accel of models) rec.push(await gdbRecord(accel, recorded));
  const recordTable = [`gdb-multiarch record full, stepi ${recorded}, then reverse-stepi ${recorded} (start-up subtracted):`, '',
    '| target | breakpoint | record s | reverse s | recorded steps/s |', '|---|---|---:|---:|---:|',
    ...rec.map((r) => `| ${r.target} | ${r.breakpoint} | ${r.recordSeconds.toFixed(2)} | ${r.reverseSeconds.toFixed(2)} | ${Math.round(r.steps / r.recordSeconds).toLocaleString('en-US')} |`)].join('\n');
  if (args.includes('--only-record')) { console.log(recordTable); return; }

  const raw: StepResult[] = [await qemuProtocolSteps(steps)];
  for (const accel of models) raw.push(await protocolSteps(accel, 1, 'on', steps));
  const gdb: StepResult[] = [await gdbSteps('qemu', Math.min(steps, 2000))];
  for (const accel of models) gdb.push(await gdbSteps(accel, Math.min(steps, 2000)));
  const cont: ContinueResult[] = await gdbContinueRows([
    { kind: 'qemu' }, ...models.map((kind) => ({ kind, site: 'loop' as const })), ...models.map((kind) => ({ kind })),
    // what the stub's poll for GDB's next packet is worth, in the same rounds (socket-poll.ts)
    ...models.filter((kind) => kind === 'hv').map((kind) => ({ kind, site: 'loop' as const, pollMicros: 0 })),
  ], continues, opt('--rounds', 3));

  const qemuRate = (rows: { perSecond?: number; stepsPerSecond?: number }[]) => rows[0]!.stepsPerSecond ?? rows[0]!.perSecond!;
  const ratio = (v: number, q: number) => `${(v / q).toFixed(2)} ×`;
  // on a loaded host the rate carries the scheduler's outliers; the median step is the steadier figure
  const stepTable = (title: string, rows: StepResult[]) => [`${title}`, '', '| target | steps | steps/s | median ms | vs QEMU (rate) | vs QEMU (median) |', '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.method} | ${r.steps} | ${Math.round(r.stepsPerSecond).toLocaleString('en-US')} | ${r.medianMs.toFixed(3)} | ${ratio(r.stepsPerSecond, qemuRate(rows))} | ${ratio(rows[0]!.medianMs, r.medianMs)} |`)].join('\n');
  console.log(stepTable(`raw vCont;s round trips (${steps} steps after ${STEP_WARMUP} untimed, TypeScript client thread, no-ack mode):`, raw));
  console.log();
  console.log(stepTable('gdb-multiarch stepi N (per step, start-up subtracted):', gdb));
  console.log();
  console.log([`gdb-multiarch continue over a breakpoint (${continues} continues, start-up subtracted):`, '',
    '| target | breakpoint | continues/s | ms per continue | vs QEMU |', '|---|---|---:|---:|---:|',
    ...cont.map((r) => `| ${r.target} | ${r.breakpoint} | ${Math.round(r.perSecond).toLocaleString('en-US')} | ${r.msPer.toFixed(2)} | ${ratio(r.perSecond, qemuRate(cont))} |`)].join('\n'));
  console.log();
  console.log(recordTable);
}

main().catch((e: unknown) => {
  console.error(`bench gdbstub: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exit(1);
});
