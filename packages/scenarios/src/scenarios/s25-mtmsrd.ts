import type { Scenario } from '../scenario.js';
import { breakAt, probe, stepAndProbe } from '../gdb-script.js';
import { MSR_SE, MSR_IR, MSR_DR, describeMsr } from '../msr.js';
import { stepRun, checkStepRun } from './steps.js';

export const mtmsrd: Scenario = {
  id: '25',
  title: 'stepping mtmsrd (SE on, SE off, IR/DR)',
  checks: 'Steps `kstep_set_se` (`mtmsrd` that sets SE: afterwards the MSR has the guest\'s SE, no Trace yet), then '
    + '`kstep_clear_se` (`mtmsrd` that clears SE, run with SE=1: the guest\'s Trace interrupt for it is due, so the step ends on '
    + 'the Trace handler with SRR0 = the next instruction — it must not run away), then `mixed_mode_dr_off` / `mixed_mode_dr_on` '
    + '(`mtmsrd` clearing and setting DR), each checked against the ISA.',
  commands: (ctx) => [
    breakAt(ctx.kernel.symbol('kstep_set_se')), 'continue', 'delete', ...stepRun('a', 1),
    breakAt(ctx.kernel.symbol('kstep_clear_se')), 'continue', 'delete', ...probe('b0'), ...stepAndProbe('b1'),
    breakAt(ctx.kernel.symbol('mixed_mode_dr_off')), 'continue', 'delete', ...stepRun('m', 3),
  ],
  verify(ctx, o, c) {
    const [, a1] = checkStepRun(c, o, ctx.kernel, 'a', 1);
    if (a1) c.that('after kstep_set_se: the guest\'s SE', (a1.msr & MSR_SE) !== 0n, 'SE', describeMsr(a1.msr));
    const b0 = o.at('b0'), b1 = o.at('b1');
    const clear = ctx.kernel.symbol('kstep_clear_se');
    if (b0) {
      c.equal('stopped on kstep_clear_se', clear, b0.pc);
      c.that('kstep_clear_se runs with SE', (b0.msr & MSR_SE) !== 0n, 'SE', describeMsr(b0.msr));
    }
    if (b1) {
      c.equal('after the mtmsrd that clears SE: on the guest\'s Trace handler', ctx.kernel.symbol('trace_vector_ail'), b1.pc);
      c.equal('guest trace: SRR0 = the next instruction', clear + 4n, b1.vcpu.srr0);
      c.equal('guest trace: SRR1 without SE (the mtmsrd cleared it)', 0n, b1.vcpu.srr1 & MSR_SE);
    }
    const [, m1, , m3] = checkStepRun(c, o, ctx.kernel, 'm', 3);
    if (m1) c.equal('after mixed_mode_dr_off: IR=1 DR=0', MSR_IR, m1.msr & (MSR_IR | MSR_DR));
    if (m3) c.equal('after mixed_mode_dr_on: IR=DR=1', MSR_IR | MSR_DR, m3.msr & (MSR_IR | MSR_DR));
    c.that('guest console', o.console.includes('self-step ok: 8'), "'self-step ok: 8'", 'missing');
  },
};
