import type { LinuxScenario } from '../scenario.js';
import { breakAt } from '../../gdb-script.js';
import { MSR_PR, MSR_IR, MSR_DR, describeMsr } from '../../msr.js';
import { stepRun, checkStepRun, checkStepExits } from '../../scenarios/steps.js';
import { LOCK_STEPS_ONLY, STEP_USER, STEP_USER_OK, traceHandler, stopInStepUser } from './places.js';

const STEPS = 40;

export const kernelSteps: LinuxScenario = {
  id: '1k',
  title: 'plain steps in the kernel (radix, AIL=3)',
  checks: `step-user stops on its \`sc\` (hardware breakpoint); with scheduler-locking for steps (\`step\`) it runs into \`system_call_exception\` `
    + `(a breakpoint on its local entry), and ${STEPS} \`stepi\` follow through the kernel's C code. Each step is checked against the `
    + 'ISA on the word the vCPU fetched (the kernel patches its code at boot), SRR0/SRR1 as the kernel left them, no SE; LPCR[AIL] '
    + 'is 3, so on hv every step ends at the breakpoint on 0xc000000000004d00.',
  command: STEP_USER,
  console: [STEP_USER_OK],
  commands: (ctx) => [
    ...stopInStepUser(ctx, ctx.user.symbol('user_sc')), LOCK_STEPS_ONLY,
    breakAt(ctx.kernel.localEntry('system_call_exception')), 'continue', 'delete', ...stepRun('k', STEPS),
    'set scheduler-locking off',
  ],
  verify(ctx, o, code, c) {
    const k0 = o.at('k0');
    if (k0) {
      c.equal('stopped in system_call_exception', ctx.kernel.localEntry('system_call_exception'), k0.pc);
      c.that('kernel MSR: relocation on, not problem state', (k0.msr & (MSR_PR | MSR_IR | MSR_DR)) === (MSR_IR | MSR_DR), 'IR DR, no PR', describeMsr(k0.msr));
      c.equal('LPCR[AIL]', 3, k0.machine.ail);
    }
    checkStepRun(c, o, code, 'k', STEPS);
    checkStepExits(c, o, ctx.accel, STEPS, traceHandler(ctx));
  },
};
