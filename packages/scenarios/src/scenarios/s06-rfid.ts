import type { Scenario } from '../scenario.js';
import { breakAt } from '../gdb-script.js';
import { MSR_IR, MSR_DR } from '../msr.js';
import { stepRun, checkStepRun } from './steps.js';

export const rfidNoBreakpoint: Scenario = {
  id: '6',
  title: 'stepping rfid, no breakpoint at SRR0',
  checks: 'Steps `enable_mmu_rfid` (real mode to IR=DR=1): the step must be armed in what rfid installs (SRR1), not in the '
    + 'current MSR. Lands on SRR0 (the return address in `kernel_start`) with MSR = SRR1\'s guest bits (relocation on, no SE); '
    + 'one more step runs with relocation on.',
  commands: (ctx) => [breakAt(ctx.kernel.symbol('enable_mmu_rfid')), 'continue', ...stepRun('r', 2)],
  verify(ctx, o, c) {
    const [, after] = checkStepRun(c, o, ctx.kernel, 'r', 2);
    if (after) c.equal('after rfid: IR=DR=1', MSR_IR | MSR_DR, after.msr & (MSR_IR | MSR_DR));
  },
};
