import type { Scenario } from '../scenario.js';
import { breakAt } from '../gdb-script.js';
import { stepRun, checkStepRun } from './steps.js';

export const mtsrr: Scenario = {
  id: '4',
  title: 'stepping mtsrr0 / mtsrr1',
  checks: 'Steps `enable_mmu` (real mode, before AIL is set) instruction by instruction: `mflr`, `mtsrr0 r3`, `mfmsr`, `ori`, '
    + '`mtsrr1 r3`. After each mtsrr the SRR must hold the guest\'s written value (the step\'s own Trace interrupt overwrote '
    + 'it; the stepper restores the saved SRRs and must then replay the write); the other steps leave the SRRs alone.',
  commands: (ctx) => [breakAt(ctx.kernel.symbol('enable_mmu')), 'continue', ...stepRun('e', 5)],
  verify(ctx, o, c) { checkStepRun(c, o, ctx.kernel, 'e', 5); },
};
