import type { Scenario } from '../scenario.js';
import { hex } from '../checker.js';
import { stepRun, checkStepRun } from './steps.js';
import { stopAtTraceHandler } from './s10-at-handler.js';
import { SRR1_CAUSE_BITS, SRR1_INTERRUPT_MASK } from '../msr.js';

const STEPS = 6;

export const srr1Bits: Scenario = {
  id: '21',
  title: 'SRR1 interrupt bits never reach the MSR',
  checks: 'Stops on the Trace handler during the kernel\'s self-trace, where SRR1 holds a Trace interrupt\'s bits, and steps '
    + `${STEPS} times through the vector into \`exception_common\`: after every step (the step's own Trace interrupt sets those `
    + 'bits again in SRR1 before the stepper restores the MSR from it) the MSR has none of 0x781f0400, and SRR1 still holds the '
    + 'guest\'s value. (Every scenario\'s step check also verifies the first point.)',
  commands: (ctx) => [...stopAtTraceHandler(ctx), ...stepRun('t', STEPS)],
  verify(ctx, o, c) {
    const points = checkStepRun(c, o, ctx.kernel, 't', STEPS);
    const t0 = points[0];
    if (t0) c.that('SRR1 at the handler has interrupt bits', (t0.vcpu.srr1 & SRR1_CAUSE_BITS) !== 0n, `some of ${hex(SRR1_CAUSE_BITS)}`, hex(t0.vcpu.srr1));
    for (const p of points) if (p) c.equal(`${p.label}: MSR interrupt bits`, 0n, p.msr & SRR1_INTERRUPT_MASK);
  },
};
