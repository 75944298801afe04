import type { Scenario } from '../scenario.js';
import { breakAt, probe, stepAndProbe } from '../gdb-script.js';
import { MSR_IR, MSR_DR, MSR_SE, MSR_EE, SRR1_CAUSE_BITS, describeMsr } from '../msr.js';
import { checkStepsBetween } from './steps.js';

export const faultingLoad: Scenario = {
  id: '18',
  title: 'stepping a load that faults (DSI)',
  checks: 'Steps `fault_probe_load` (a load from an unmapped kernel address, no breakpoint in the handlers): the step ends on '
    + 'the DSI handler\'s first instruction (`data_storage_vector_ail`, as a native step does) with SRR0 = the load, the '
    + 'interrupt\'s MSR (relocation on by AIL=3, EE and SE off); two more steps run in the handler. The kernel then recovers '
    + 'the fault itself ("fault probe ok").',
  commands: (ctx) => [breakAt(ctx.kernel.symbol('fault_probe_load')), 'continue', ...probe('f0'), 'delete',
    ...stepAndProbe('f1'), ...stepAndProbe('f2'), ...stepAndProbe('f3')],
  verify(ctx, o, c) {
    const load = ctx.kernel.symbol('fault_probe_load');
    const f0 = o.at('f0'), f1 = o.at('f1');
    if (f0) c.equal('stopped on the load', load, f0.pc);
    if (f1) {
      c.equal('after the faulting load: pc = DSI handler', ctx.kernel.symbol('data_storage_vector_ail'), f1.pc);
      c.equal('DSI: SRR0 = the load', load, f1.vcpu.srr0);
      c.that('DSI: handler MSR', (f1.msr & (MSR_IR | MSR_DR | MSR_SE | MSR_EE)) === (MSR_IR | MSR_DR), 'IR DR, no SE/EE', describeMsr(f1.msr));
      if (f0) c.equal('DSI: SRR1 has the interrupted MSR (no SE)', f0.msr & ~SRR1_CAUSE_BITS, f1.vcpu.srr1 & ~SRR1_CAUSE_BITS);
      if (f1.pc === ctx.kernel.symbol('data_storage_vector_ail')) checkStepsBetween(c, o, ctx.kernel, ['f1', 'f2', 'f3']);
    }
    c.that('guest console', o.console.includes('fault probe ok'), "'fault probe ok'", 'missing');
  },
};
