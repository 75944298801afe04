import type { Scenario } from '../scenario.js';
import { stepRun, checkStepsBetween } from './steps.js';
import { stopAtTraceHandler, checkAtTraceHandler } from './s10-at-handler.js';

export const handlerBranch: Scenario = {
  id: '11',
  title: 'NIP at the Trace handler, whose first instruction is a branch',
  checks: 'As scenario 10 with bootargs `trace_branch`: the kernel rewrites the first word of the Trace vectors into '
    + '`b trace_vector_ool`, so a breakpoint displaced to +4 would never be hit. The first step must land on '
    + '`trace_vector_ool` (SRRs and MSR untouched), the next ones inside it.',
  bootargs: 'trace_branch',
  commands: (ctx) => [...stopAtTraceHandler(ctx), 'x/i $pc', ...stepRun('t', 3)],
  verify(ctx, o, c) {
    checkAtTraceHandler(ctx, o, c);
    const t0 = o.at('t0'), t1 = o.at('t1');
    if (t0 && t1) {
      // the ELF holds the unpatched word: the expectation is the patched branch's target
      c.equal('first step: pc = trace_vector_ool', ctx.kernel.symbol('trace_vector_ool'), t1.pc);
      c.equal('first step: MSR unchanged', t0.msr, t1.msr);
      c.equal('first step: SRR0 unchanged', t0.vcpu.srr0, t1.vcpu.srr0);
      c.equal('first step: SRR1 unchanged', t0.vcpu.srr1, t1.vcpu.srr1);
    }
    if (t1?.pc === ctx.kernel.symbol('trace_vector_ool')) checkStepsBetween(c, o, ctx.kernel, ['t1', 't2', 't3']);
    c.that('guest console', o.console.includes('trace vectors begin with a branch'), "'trace vectors begin with a branch'", 'missing');
    c.that('guest console', o.console.includes('self-step ok: 8'), "'self-step ok: 8'", 'missing');
  },
};
