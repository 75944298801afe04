import type { Scenario, ScenarioContext } from '../scenario.js';
import { breakAt, probe, stepAndProbe } from '../gdb-script.js';
import { hex } from '../checker.js';
import { MSR_PR, MSR_SE, describeMsr } from '../msr.js';

/** The first two `sc` of the user process (write, then getpid): both return to the next instruction. */
function userSyscalls(ctx: ScenarioContext): [bigint, bigint] {
  const k = ctx.kernel;
  const first = k.find(k.symbol('user_main'), /^sc\s*$/).address;
  return [first, k.find(first + 4n, /^sc\s*$/).address];
}

export const syscallStep: Scenario = {
  id: '16',
  title: 'stepping sc (system call)',
  checks: 'Steps the user process\'s first `sc` (write): the kernel\'s system call handler runs and the step ends on the '
    + 'next user instruction (or, as a native step may, on the system call vector), in problem state with no SE. Then steps '
    + 'the second `sc` (getpid) with a breakpoint in `do_syscall`: GDB reports that breakpoint (the step is pending; a native '
    + 'step stops on the vector first), and a '
    + '`continue` runs to the end without a stray SIGTRAP or a Trace interrupt leaking into the guest.',
  commands: (ctx) => {
    const [write, getpid] = userSyscalls(ctx);
    return [
      'break kernel_main', 'continue', 'delete', breakAt(write), 'continue', ...probe('a0'), 'delete', ...stepAndProbe('a1'),
      breakAt(getpid), 'continue', ...probe('b0'), 'delete', 'break do_syscall', 'stepi', ...probe('b1'), 'delete', 'continue',
    ];
  },
  verify(ctx, o, c) {
    const [write, getpid] = userSyscalls(ctx);
    const vector = ctx.kernel.symbol('system_call_vector_ail');
    const a0 = o.at('a0'), a1 = o.at('a1');
    if (a0) c.equal('stopped on the write sc', write, a0.pc);
    if (a1 && c.oneOf('after stepping sc: pc', [write + 4n, vector], a1.pc)) {
      c.note(a1.pc === vector ? 'sc: stopped on the system call vector' : 'sc: stepped over the system call');
      if (a1.pc === write + 4n) {
        c.that('after stepping sc: problem state, no SE', (a1.msr & (MSR_PR | MSR_SE)) === MSR_PR, 'PR, no SE', describeMsr(a1.msr));
        c.that('the write happened', o.console.includes('user: hello from problem state'), 'user: hello...', 'missing');
      } else {
        c.equal('at the system call vector: SRR0 = after the sc', write + 4n, a1.vcpu.srr0);
      }
    }
    const b0 = o.at('b0'), b1 = o.at('b1');
    if (b0) c.equal('stopped on the getpid sc', getpid, b0.pc);
    if (b1 && c.oneOf('stepping sc with a breakpoint in do_syscall: pc', [ctx.kernel.localEntry('do_syscall'), vector], b1.pc)) {
      // a step that stops at the vector (native) never reaches the breakpoint; one that steps over the call must stop there
      c.note(b1.pc === vector ? 'sc + do_syscall breakpoint: stopped on the vector' : 'sc + do_syscall breakpoint: stopped at do_syscall (step pending)');
      c.equal('MSR[SE] at that stop', 0n, b1.msr & MSR_SE);
    }
    c.equal('GDB saw no stray SIGTRAP', 0, o.count(/Program received signal SIGTRAP/));
    c.that('continue ran to the end', /exited normally|exited with code/.test(o.transcript), 'the inferior exited', `no exit in the transcript (last probe b1 at ${b1 ? hex(b1.pc) : '-'})`);
  },
};
