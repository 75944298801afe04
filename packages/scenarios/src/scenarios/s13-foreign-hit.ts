import type { Scenario } from '../scenario.js';
import { breakAt, probe } from '../gdb-script.js';
import { hex } from '../checker.js';
import { MSR_SE, describeMsr } from '../msr.js';
import { stepRun, checkStepRun } from './steps.js';
import { smpLoopPoint, SMP_LOOP_STEPS } from './smp-places.js';

export const foreignHit: Scenario = {
  id: '13',
  title: 'another vCPU reaches the step breakpoint',
  checks: 'vCPU B stops in the `smp_work` loop; another vCPU A is run alone (scheduler-locking on) to just after its own '
    + '`mtmsrd` that sets SE (`kstep_set_se`+4): its next instruction takes a Trace interrupt. Then B steps '
    + `${SMP_LOOP_STEPS} times with scheduler-locking off, so A runs meanwhile into the Trace handler — where B's step breakpoint `
    + 'is on `hv`. A hit by A must not stop GDB nor disturb A (the kernel checks A\'s 8 self-traces); B\'s steps are checked '
    + 'against the ISA. How many such hits happened is noted (it depends on thread timing; the checks do not).',
  minSmp: 2,
  commands: (ctx) => [
    breakAt(smpLoopPoint(ctx)), 'continue', 'delete', 'set $b = $_thread',
    `eval "thread %d", $b % ${ctx.smp} + 1`, 'set scheduler-locking on', breakAt(ctx.kernel.symbol('kstep_set_se') + 4n), 'continue',
    ...probe('a'), 'delete', 'eval "thread %d", $b', 'set scheduler-locking off', ...stepRun('s', SMP_LOOP_STEPS),
  ],
  verify(ctx, o, c) {
    const a = o.at('a');
    if (a) {
      c.equal('A stopped after kstep_set_se', ctx.kernel.symbol('kstep_set_se') + 4n, a.pc);
      c.that('A traces itself', (a.msr & MSR_SE) !== 0n, 'SE', describeMsr(a.msr));
    }
    const points = checkStepRun(c, o, ctx.kernel, 's', SMP_LOOP_STEPS);
    if (a && points[0]) c.that('B is another vCPU than A', a.thread !== points[0].thread, 'different threads', `both ${a.thread}`);
    if (a) {
      const handler = ctx.kernel.symbol('trace_vector_ail');
      const hits = o.session.debugExits.filter((e) => e.vcpu === a.thread - 1 && e.pc === handler).length;
      c.note(`A hit the Trace handler breakpoint ${hits} time(s) (at ${hex(handler)})`);
    }
  },
};
