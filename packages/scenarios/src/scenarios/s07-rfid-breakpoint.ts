import type { Scenario } from '../scenario.js';
import { breakAt, probe } from '../gdb-script.js';
import { stepRun, checkStepRun } from './steps.js';

/** Where enable_mmu's rfid returns: after the `bl enable_mmu` in kernel_start. */
function returnAddress(ctx: Parameters<Scenario['commands']>[0]): bigint {
  const k = ctx.kernel;
  return k.branchTo(k.symbol('kernel_start'), k.symbol('kernel_start') + 0x1000n, k.symbol('enable_mmu')).address + 4n;
}

export const rfidToBreakpoint: Scenario = {
  id: '7',
  title: 'stepping rfid onto a breakpoint at SRR0',
  checks: 'A GDB breakpoint at SRR0 of `enable_mmu_rfid` (after the `bl enable_mmu` in `kernel_start`, from the disassembly): '
    + 'the step arms nothing and that breakpoint ends it, at SRR0 with relocation on. A `continue` then must reach '
    + '`kernel_main` (the breakpoint at SRR0 is not reported a second time).',
  commands: (ctx) => [
    breakAt(ctx.kernel.symbol('enable_mmu_rfid')), 'continue', breakAt(returnAddress(ctx)), ...stepRun('r', 1),
    'break kernel_main', 'continue', ...probe('main'),
  ],
  verify(ctx, o, c) {
    const [, after] = checkStepRun(c, o, ctx.kernel, 'r', 1);
    if (after) c.equal('after rfid: pc = the breakpoint at SRR0', returnAddress(ctx), after.pc);
    const main = o.at('main');
    if (main) c.equal('continue: stops at kernel_main', ctx.kernel.localEntry('kernel_main'), main.pc);
  },
};
