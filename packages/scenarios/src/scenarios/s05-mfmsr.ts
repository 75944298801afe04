import type { Scenario } from '../scenario.js';
import { breakAt } from '../gdb-script.js';
import { stepRun, checkStepRun } from './steps.js';

export const mfmsr: Scenario = {
  id: '5',
  title: 'stepping mfmsr',
  checks: 'Steps the `mfmsr r3` of `enable_mmu` (real mode) and the `mfmsr r5` that starts `kstep_selftest` (MMU on): the '
    + 'destination must equal the MSR before the step, without the SE the debugger set for the step.',
  commands: (ctx) => [
    breakAt(ctx.kernel.find(ctx.kernel.symbol('enable_mmu'), /^mfmsr/).address), 'continue', ...stepRun('a', 1),
    'delete', breakAt(ctx.kernel.symbol('kstep_selftest')), 'continue', ...stepRun('b', 1),
  ],
  verify(ctx, o, c) {
    checkStepRun(c, o, ctx.kernel, 'a', 1);
    checkStepRun(c, o, ctx.kernel, 'b', 1);
  },
};
