import type { Scenario } from '../scenario.js';
import { MSR_IR, MSR_DR } from '../msr.js';
import { stepRun, checkStepRun, checkStepExits } from './steps.js';

const STEPS = 4;

export const plainStep: Scenario = {
  id: '1',
  title: 'plain stepi, MMU on, AIL=3',
  checks: '`break kernel_main`, then 4 × `stepi` with relocation on and AIL=3 (handler at 0xc000000000004d00). Each step '
    + 'lands on the successor binutils gives for the instruction, with the same MSR (no SE), SRR0/SRR1 unchanged, and '
    + 'GDB\'s $pc/$msr equal to the machine\'s. On `hv` every step must reach the hypervisor as a '
    + 'breakpoint exit on that handler; on `pr` as a native Trace exit.',
  commands: () => ['break kernel_main', 'continue', ...stepRun('s', STEPS)],
  verify(ctx, o, c) {
    const [first] = checkStepRun(c, o, ctx.kernel, 's', STEPS);
    checkStepExits(c, o, ctx.accel, STEPS, ctx.kernel.symbol('trace_vector_ail'));
    if (first) {
      c.equal('LPCR[AIL] at kernel_main', 3, first.machine.ail);
      c.equal('relocation on at kernel_main', MSR_IR | MSR_DR, first.msr & (MSR_IR | MSR_DR));
    }
  },
};
