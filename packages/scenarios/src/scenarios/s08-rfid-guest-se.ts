import type { Scenario } from '../scenario.js';
import { breakAt, probe, stepAndProbe } from '../gdb-script.js';
import { hex } from '../checker.js';
import { MSR_SE, MSR_PR, describeMsr } from '../msr.js';

export const rfidGuestSe: Scenario = {
  id: '8',
  title: 'stepping rfid whose SRR1 has SE (in-guest debugger)',
  checks: 'The second hit of `run_user_rfid` enters the user process with SE in SRR1 (the kernel\'s own ptrace-like '
    + 'debugger). Stepping it: either the step stops at `user_main` with the guest\'s SE in the MSR, or it goes on into the '
    + 'guest\'s Trace handler and stops there with the guest\'s trace (SRR0 = the next user instruction, SRR1 with SE and '
    + 'PR) intact. Two more steps follow; the in-guest debugger must still count all 457 user instructions ("debugger ok").',
  commands: (ctx) => [
    breakAt(ctx.kernel.symbol('run_user_rfid')), 'continue', 'continue', ...probe('r0'), 'delete',
    ...stepAndProbe('r1'), ...stepAndProbe('r2'), ...stepAndProbe('r3'),
  ],
  verify(ctx, o, c) {
    const r0 = o.at('r0'), r1 = o.at('r1');
    const userMain = ctx.kernel.symbol('user_main'), handler = ctx.kernel.symbol('trace_vector_ail');
    if (r0) c.that('second run_user_rfid: SRR1 has SE and PR', (r0.vcpu.srr1 & (MSR_SE | MSR_PR)) === (MSR_SE | MSR_PR), 'SE PR', describeMsr(r0.vcpu.srr1));
    if (r1 && c.oneOf('after the rfid: pc', [userMain, handler], r1.pc)) {
      if (r1.pc === userMain) {
        c.note('stopped at user_main (guest SE in MSR)');
        c.that('at user_main: the guest\'s SE and PR in MSR', (r1.msr & (MSR_SE | MSR_PR)) === (MSR_SE | MSR_PR), 'SE PR', describeMsr(r1.msr));
      } else {
        c.note('stopped at the guest\'s Trace handler');
        c.equal('guest trace: SRR0 = the next user instruction', userMain + 4n, r1.vcpu.srr0);
        c.that('guest trace: SRR1 has SE and PR', (r1.vcpu.srr1 & (MSR_SE | MSR_PR)) === (MSR_SE | MSR_PR), 'SE PR', describeMsr(r1.vcpu.srr1));
      }
    }
    for (const l of ['r2', 'r3']) { const p = o.at(l); if (p) c.note(`${l} at ${hex(p.pc)}`); }
    c.that('guest console', o.console.includes('debugger ok'), "'debugger ok'", 'missing');
  },
};
