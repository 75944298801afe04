import type { Scenario } from '../scenario.js';
import { breakAt, probe } from '../gdb-script.js';
import { MSR_SE, describeMsr } from '../msr.js';
import { stepRun, checkStepRun } from './steps.js';

export const handlerBreakpoint: Scenario = {
  id: '12',
  title: 'a GDB breakpoint already on the Trace handler',
  checks: 'GDB breakpoint 2 on `trace_vector_ail`, then 3 × `stepi` in `kernel_main` (the emulated step plants its own '
    + 'breakpoint at the same address: use counts). After the steps, `continue` must stop on breakpoint 2 when the kernel '
    + 'traces itself: GDB\'s breakpoint survived the step\'s removal of its own.',
  commands: (ctx) => [
    'break kernel_main', 'continue', breakAt(ctx.kernel.symbol('trace_vector_ail')), ...stepRun('s', 3),
    'continue', ...probe('hit'),
  ],
  verify(ctx, o, c) {
    checkStepRun(c, o, ctx.kernel, 's', 3);
    const hit = o.at('hit');
    if (hit) {
      c.equal('continue: stops on the Trace handler breakpoint', ctx.kernel.symbol('trace_vector_ail'), hit.pc);
      c.that('a guest trace: SRR1 has SE', (hit.vcpu.srr1 & MSR_SE) !== 0n, 'SE', describeMsr(hit.vcpu.srr1));
    }
    c.that('GDB reported breakpoint 2', o.count(/Breakpoint 2, /) >= 1, 'Breakpoint 2, trace_vector_ail', 'not reported');
  },
};
