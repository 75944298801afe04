import type { LinuxScenario } from '../scenario.js';
import { breakAt, probe, stepAndProbe } from '../../gdb-script.js';
import { MSR_PR, MSR_SE, describeMsr } from '../../msr.js';
import { LOCK_STEPS_ONLY, STEP_USER, STEP_USER_OK, printedPid, stopInStepUser, runTo } from './places.js';

export const syscallSteps: LinuxScenario = {
  id: '16',
  title: 'stepping sc and scv (system calls)',
  checks: 'With scheduler-locking off (step-user pins itself to its CPU), steps step-user\'s `sc` (getpid): the kernel runs the system call and the step ends on the next user instruction '
    + '(or, as a native step may, on the system call vector 0xc000000000004c00), in problem state, no SE, r3 = the pid the '
    + 'program prints. Then, with scheduler-locking for steps (`step`), steps its `scv 0` (getpid) with a breakpoint on `system_call_exception`: GDB reports that '
    + 'breakpoint (the step is pending; a native step may stop on the scv vector 0xc000000000003000 first), with no SE.',
  command: STEP_USER,
  console: [STEP_USER_OK, 'scv yes'],
  commands: (ctx) => [
    // the step over `sc` runs the whole system call (and any interrupt it takes): the other
    // vCPUs run meanwhile, since one held inside a critical section the call or a timer
    // interrupt needs would leave this one spinning (seen: queued_spin_lock_slowpath)
    ...stopInStepUser(ctx, ctx.user.symbol('user_sc')), 'set scheduler-locking off', ...probe('a0'), ...stepAndProbe('a1'), LOCK_STEPS_ONLY,
    ...runTo(ctx.user.symbol('user_scv')), ...probe('b0'),
    breakAt(ctx.kernel.localEntry('system_call_exception')), 'stepi', ...probe('b1'), 'delete', 'set scheduler-locking off',
  ],
  verify(ctx, o, _code, c) {
    const sc = ctx.user.symbol('user_sc'), scv = ctx.user.symbol('user_scv');
    const scVector = ctx.kernel.symbol('exc_virt_0x4c00_system_call');
    const scvVector = ctx.kernel.symbol('exc_virt_0x3000_system_call_vectored');
    const a0 = o.at('a0'), a1 = o.at('a1');
    if (a0) c.equal('stopped on the sc', sc, a0.pc);
    if (a1 && c.oneOf('after stepping sc: pc', [sc + 4n, scVector], a1.pc)) {
      c.note(a1.pc === scVector ? 'sc: stopped on the system call vector' : 'sc: stepped over the system call');
      if (a1.pc === sc + 4n) {
        c.that('after stepping sc: problem state, no SE', (a1.msr & (MSR_PR | MSR_SE)) === MSR_PR, 'PR, no SE', describeMsr(a1.msr));
        const pid = printedPid(o.console);
        if (pid !== undefined) c.equal('r3 after the sc: the pid', pid, a1.vcpu.gpr[3]!);
      } else {
        c.equal('at the system call vector: SRR0 = after the sc', sc + 4n, a1.vcpu.srr0);
      }
    }
    const b0 = o.at('b0'), b1 = o.at('b1');
    if (b0) c.equal('stopped on the scv', scv, b0.pc);
    if (b1 && c.oneOf('stepping scv with a breakpoint in system_call_exception: pc', [ctx.kernel.localEntry('system_call_exception'), scvVector], b1.pc)) {
      c.note(b1.pc === scvVector ? 'scv + breakpoint: stopped on the scv vector' : 'scv + breakpoint: stopped at system_call_exception (step pending)');
      c.equal('MSR[SE] at that stop', 0n, b1.msr & MSR_SE);
      if (b1.pc === scvVector) c.equal('at the scv vector: LR = after the scv', scv + 4n, b1.vcpu.lr);
    }
    c.equal('GDB saw no stray SIGTRAP', 0, o.count(/Program received signal SIGTRAP/));
  },
};
