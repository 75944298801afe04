import type { Scenario, ScenarioContext } from '../scenario.js';
import type { Observation } from '../observation.js';
import type { Checker } from '../checker.js';
import { breakAt } from '../gdb-script.js';
import { MSR_SE, describeMsr } from '../msr.js';
import { stepRun, checkStepRun } from './steps.js';

/** Stops a vCPU on the Trace handler's first instruction (the kernel tracing itself), GDB's breakpoint removed. */
export function stopAtTraceHandler(ctx: ScenarioContext): string[] {
  // after kernel_main is reached, the kernel has patched its vectors (trace_branch): plant only then
  return ['break kernel_main', 'continue', 'delete', breakAt(ctx.kernel.symbol('trace_vector_ail')), 'continue', 'delete'];
}

export function checkAtTraceHandler(ctx: ScenarioContext, o: Observation, c: Checker): void {
  const t0 = o.at('t0');
  if (!t0) return;
  c.equal('stopped at trace_vector_ail', ctx.kernel.symbol('trace_vector_ail'), t0.pc);
  c.that('a guest trace: SRR1 has SE', (t0.vcpu.srr1 & MSR_SE) !== 0n, 'SE', describeMsr(t0.vcpu.srr1));
}

export const atTraceHandler: Scenario = {
  id: '10',
  title: 'NIP at the Trace handler\'s first instruction',
  checks: 'Stops on `trace_vector_ail` when the kernel traces itself (`kstep_selftest`), removes the breakpoint and steps '
    + '3 times: the step breakpoint cannot go where NIP is, so it is displaced (+4). Each step lands on the next instruction '
    + 'with the guest\'s SRR0/SRR1 (its own Trace) untouched; the kernel must still count 8 self-traces.',
  commands: (ctx) => [...stopAtTraceHandler(ctx), ...stepRun('t', 3)],
  verify(ctx, o, c) {
    checkAtTraceHandler(ctx, o, c);
    checkStepRun(c, o, ctx.kernel, 't', 3);
    c.that('guest console', o.console.includes('self-step ok: 8'), "'self-step ok: 8'", 'missing');
  },
};

