import type { Scenario } from '../scenario.js';
import { breakAt } from '../gdb-script.js';
import { MSR_LE } from '../msr.js';
import { stepRun, checkStepRun } from './steps.js';

const STEPS = 6;

export const bigEndian: Scenario = {
  id: '20',
  title: 'big-endian guest code',
  checks: `GDB loads the big-endian \`firmware.elf\`; the VM is stopped at the firmware\'s first instruction. ${STEPS} steps from `
    + '`_start`, then 4 steps of `enter_kernel` (`mtsrr0`, `mfmsr`, `ori`, `mtsrr1`): instructions are decoded big-endian '
    + '(MSR[LE]=0), checked against the big-endian disassembly.',
  symbolFile: 'firmware',
  commands: (ctx) => [...stepRun('f', STEPS), breakAt(ctx.firmware.symbol('enter_kernel')), 'continue', 'delete', ...stepRun('e', 4)],
  verify(ctx, o, c) {
    const [f0] = checkStepRun(c, o, ctx.firmware, 'f', STEPS);
    if (f0) {
      c.equal('start: firmware _start', ctx.firmware.symbol('_start'), f0.pc);
      c.equal('big-endian', 0n, f0.msr & MSR_LE);
    }
    checkStepRun(c, o, ctx.firmware, 'e', 4);
  },
};
