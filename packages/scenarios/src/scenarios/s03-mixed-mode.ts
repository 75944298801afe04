import type { Scenario } from '../scenario.js';
import { breakAt } from '../gdb-script.js';
import { MSR_IR, MSR_DR } from '../msr.js';
import { stepRun, checkStepRun } from './steps.js';

export const mixedMode: Scenario = {
  id: '3',
  title: 'MSR[IR] != MSR[DR]',
  checks: 'Stops at `mixed_mode_dr_off` and steps its three instructions: `mtmsrd` to IR=1 DR=0, a load in that mode (a Trace '
    + 'interrupt from it is taken with relocation off: handler at real 0xd00 whatever AIL says), `mtmsrd` back to IR=DR=1. '
    + 'Each step is checked against the ISA (MSR as written by mtmsrd, SRRs untouched); the kernel then checks the loaded value itself.',
  commands: (ctx) => [breakAt(ctx.kernel.symbol('mixed_mode_dr_off')), 'continue', ...stepRun('m', 3)],
  verify(ctx, o, c) {
    const [, afterOff, afterLoad] = checkStepRun(c, o, ctx.kernel, 'm', 3);
    if (afterOff) c.equal('after mtmsrd: IR=1 DR=0', MSR_IR, afterOff.msr & (MSR_IR | MSR_DR));
    if (afterLoad) c.equal('the load ran with IR=1 DR=0', MSR_IR, afterLoad.msr & (MSR_IR | MSR_DR));
    c.that('guest console', o.console.includes('kernel: IR=1 DR=0 ok'), "'kernel: IR=1 DR=0 ok'", 'missing');
  },
};
