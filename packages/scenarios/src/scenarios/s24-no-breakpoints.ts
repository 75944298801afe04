import { Vector } from '@hvstep/emulator-core';
import type { Scenario } from '../scenario.js';
import { hbreakAt } from '../gdb-script.js';
import { stepRun, checkStepRun } from './steps.js';

export const noSoftwareBreakpoints: Scenario = {
  id: '24',
  title: 'stepping with no software breakpoint at all',
  checks: 'No `break` in the whole session: 3 steps right after `target remote` (firmware, big-endian), then a hardware '
    + 'breakpoint (`hbreak`) on `enter_kernel` and 3 steps there. The emulated step must enable USE_SW_BP itself, or its '
    + 'breakpoint becomes a Program interrupt in the guest (exit status 3).',
  symbolFile: 'firmware',
  commands: (ctx) => [...stepRun('a', 3), hbreakAt(ctx.firmware.symbol('enter_kernel')), 'continue', 'delete', ...stepRun('b', 3)],
  verify(ctx, o, c) {
    checkStepRun(c, o, ctx.firmware, 'a', 3);
    const [b0] = checkStepRun(c, o, ctx.firmware, 'b', 3);
    if (b0) c.equal('stopped by the hardware breakpoint', ctx.firmware.symbol('enter_kernel'), b0.pc);
    c.equal('GDB reported breakpoint 1 (the hbreak)', 1, o.count(/Breakpoint 1, enter_kernel/));
    // the stop at enter_kernel came from a comparator, not from a debug instruction (HEAI)
    const hit = o.session.debugExits.filter((e) => e.pc === ctx.firmware.symbol('enter_kernel'));
    c.that('the hbreak stop is not a software breakpoint exit', hit.length > 0 && hit.every((e) => e.exception !== Vector.HypervisorEmulationAssistance),
      'a non-HEAI debug exit at enter_kernel', hit.map((e) => `exception 0x${e.exception.toString(16)}`).join(', ') || 'no exit there');
  },
};
