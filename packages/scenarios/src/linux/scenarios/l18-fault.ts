import type { LinuxScenario } from '../scenario.js';
import { probe, stepAndProbe } from '../../gdb-script.js';
import { MSR_IR, MSR_DR, MSR_SE, MSR_EE, MSR_PR, SRR1_CAUSE_BITS, describeMsr } from '../../msr.js';
import { checkStepsBetween } from '../../scenarios/steps.js';
import { STEP_USER, STEP_USER_OK, stopInStepUser } from './places.js';

export const faultingStore: LinuxScenario = {
  id: '18',
  title: 'stepping a store that faults (DSI on a fresh page)',
  checks: 'step-user stops on `user_fault`, the first store to a fresh anonymous page (hardware breakpoint), and steps it with '
    + 'scheduler-locking on: the store takes a DSI (no page yet), so the step ends on the kernel\'s DSI entry '
    + '(0xc000000000004300, AIL=3, as a native step does) with SRR0 = the store, SRR1 = the user MSR, relocation on and PR, SE, '
    + 'EE off; two more steps run in the handler. The kernel then maps the page, the store runs again and the program reads '
    + 'its byte back ("fault ok").',
  command: STEP_USER,
  console: [STEP_USER_OK],
  commands: (ctx) => [...stopInStepUser(ctx, ctx.user.symbol('user_fault')), 'set scheduler-locking on', ...probe('f0'),
    ...stepAndProbe('f1'), ...stepAndProbe('f2'), ...stepAndProbe('f3'), 'set scheduler-locking off'],
  verify(ctx, o, code, c) {
    const store = ctx.user.symbol('user_fault');
    const dsi = ctx.kernel.symbol('exc_virt_0x4300_data_access');
    const f0 = o.at('f0'), f1 = o.at('f1');
    if (f0) c.equal('stopped on the store', store, f0.pc);
    if (f1) {
      c.equal('after the faulting store: pc = the DSI entry', dsi, f1.pc);
      c.equal('DSI: SRR0 = the store', store, f1.vcpu.srr0);
      c.that('DSI: handler MSR', (f1.msr & (MSR_IR | MSR_DR | MSR_SE | MSR_EE | MSR_PR)) === (MSR_IR | MSR_DR), 'IR DR, no PR/SE/EE', describeMsr(f1.msr));
      if (f0) c.equal('DSI: SRR1 has the user MSR (no SE)', f0.msr & ~SRR1_CAUSE_BITS, f1.vcpu.srr1 & ~SRR1_CAUSE_BITS);
      if (f1.pc === dsi) checkStepsBetween(c, o, code, ['f1', 'f2', 'f3']);
    }
  },
};
