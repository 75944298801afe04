import type { Scenario } from '../scenario.js';
import { breakAt, probe, stepAndProbe } from '../gdb-script.js';
import { MSR_SE, describeMsr } from '../msr.js';
import { checkStepsBetween } from './steps.js';

export const guestSe: Scenario = {
  id: '19',
  title: 'MSR[SE] already set by the guest (mtmsrd)',
  checks: 'Stops in `kstep_selftest` just after the kernel set SE with `mtmsrd` (`kstep_set_se`+4): the MSR has the guest\'s '
    + 'SE. A step executes the instruction and the guest\'s own Trace interrupt is delivered: the step ends on the Trace '
    + 'handler (`trace_vector_ail`) with SRR0 = the next instruction and SE in SRR1 — the guest\'s trace kept, not '
    + 'swallowed. Two more steps run in the handler; the kernel must count all 8 self-traces.',
  commands: (ctx) => [breakAt(ctx.kernel.symbol('kstep_set_se') + 4n), 'continue', ...probe('k0'), 'delete',
    ...stepAndProbe('k1'), ...stepAndProbe('k2'), ...stepAndProbe('k3')],
  verify(ctx, o, c) {
    const at = ctx.kernel.symbol('kstep_set_se') + 4n;
    const k0 = o.at('k0'), k1 = o.at('k1');
    if (k0) {
      c.equal('stopped after kstep_set_se', at, k0.pc);
      c.that('the guest\'s SE in MSR', (k0.msr & MSR_SE) !== 0n, 'SE', describeMsr(k0.msr));
    }
    if (k1) {
      c.equal('the step ends on the guest\'s Trace handler', ctx.kernel.symbol('trace_vector_ail'), k1.pc);
      c.equal('guest trace: SRR0 = the next instruction', at + 4n, k1.vcpu.srr0);
      c.that('guest trace: SRR1 has SE', (k1.vcpu.srr1 & MSR_SE) !== 0n, 'SE', describeMsr(k1.vcpu.srr1));
      c.equal('in the handler: MSR[SE]', 0n, k1.msr & MSR_SE);
      if (k1.pc === ctx.kernel.symbol('trace_vector_ail')) checkStepsBetween(c, o, ctx.kernel, ['k1', 'k2', 'k3']);
    }
    c.that('guest console', o.console.includes('self-step ok: 8'), "'self-step ok: 8'", 'missing');
  },
};
