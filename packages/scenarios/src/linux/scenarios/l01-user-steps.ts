import type { LinuxScenario } from '../scenario.js';
import { MSR_PR, describeMsr } from '../../msr.js';
import { stepRun, checkStepRun, checkStepExits } from '../../scenarios/steps.js';
import { STEP_USER, STEP_USER_OK, traceHandler, stopInStepUser } from './places.js';

const STEPS = 60;

export const userSteps: LinuxScenario = {
  id: '1u',
  title: 'plain steps in a user process',
  checks: `step-user stops at \`user_steps\` (hardware breakpoint: the process's address space) and steps ${STEPS} times with `
    + 'scheduler-locking on through a counted loop (mulli, std/ld on the stack, add, rotldi, bdnz). Every step is checked against '
    + 'the ISA, in problem state; on hv each ends at the breakpoint on the kernel\'s Trace handler (a user-mode Trace interrupt '
    + 'goes there too), on pr natively. The program checks its own sum at the end.',
  command: STEP_USER,
  console: [STEP_USER_OK],
  commands: (ctx) => [...stopInStepUser(ctx, ctx.user.symbol('user_steps')), 'set scheduler-locking on', ...stepRun('u', STEPS), 'set scheduler-locking off'],
  verify(ctx, o, code, c) {
    const u0 = o.at('u0');
    if (u0) {
      c.equal('stopped at user_steps', ctx.user.symbol('user_steps'), u0.pc);
      c.that('problem state', (u0.msr & MSR_PR) !== 0n, 'PR', describeMsr(u0.msr));
    }
    const points = checkStepRun(c, o, code, 'u', STEPS);
    const last = points[STEPS];
    if (last) c.that('still in problem state', (last.msr & MSR_PR) !== 0n, 'PR', describeMsr(last.msr));
    checkStepExits(c, o, ctx.accel, STEPS, traceHandler(ctx));
  },
};
