import type { LinuxScenario } from '../scenario.js';
import { breakAt, probe, stepAndProbe } from '../../gdb-script.js';
import { MSR_PR, MSR_SE, describeMsr } from '../../msr.js';
import { checkStepsBetween } from '../../scenarios/steps.js';
import type { LinuxContext } from '../scenario.js';
import { LOCK_STEPS_ONLY, STEP_USER, STEP_USER_OK, stopInStepUser, runTo } from './places.js';

/** The kernel's returns to user space after a system call: sc's rfid, scv's rfscv (and the rfid of its full-restore path). */
function exits(ctx: LinuxContext): { scRfid: bigint; scvRfscv: bigint; scvRfid: bigint } {
  const k = ctx.kernel;
  const scStart = k.symbol('system_call_common'), scEnd = k.symbol('syscall_restart');
  const scvStart = k.symbol('system_call_vectored_common'), scvEnd = k.symbol('syscall_vectored_common_restart');
  return {
    scRfid: k.find(scStart, /^rfid\s*$/, scEnd).address,
    scvRfscv: k.find(scvStart, /^rfscv\s*$/, scvEnd).address,
    scvRfid: k.find(scvStart, /^rfid\s*$/, scvEnd).address,
  };
}

export const returnToUser: LinuxScenario = {
  id: '6',
  title: 'stepping rfid and rfscv back to user space',
  checks: 'step-user stops on its `sc`; with scheduler-locking for steps (`step`: other vCPUs held while it steps), a breakpoint on the `rfid` that ends `system_call_common` '
    + 'stops the vCPU on its way back, and one `stepi` there must land on the instruction after the `sc` in problem state (rfid: '
    + 'NIP = SRR0, MSR = SRR1), no SE. The same for the `scv 0` and the `rfscv` (NIP = LR, MSR = CTR) that ends '
    + '`system_call_vectored_common` (or its rfid, taken when the return needs a full register restore).',
  command: STEP_USER,
  console: [STEP_USER_OK],
  commands: (ctx) => {
    const e = exits(ctx);
    return [
      ...stopInStepUser(ctx, ctx.user.symbol('user_sc')), LOCK_STEPS_ONLY, breakAt(e.scRfid), 'continue',
      ...probe('r0'), 'delete', ...stepAndProbe('r1'),
      ...runTo(ctx.user.symbol('user_scv')), breakAt(e.scvRfscv), breakAt(e.scvRfid), 'continue',
      ...probe('v0'), 'delete', ...stepAndProbe('v1'), 'set scheduler-locking off',
    ];
  },
  verify(ctx, o, code, c) {
    const e = exits(ctx);
    const sc = ctx.user.symbol('user_sc'), scv = ctx.user.symbol('user_scv');
    const r0 = o.at('r0'), r1 = o.at('r1');
    if (r0) c.equal('stopped on system_call_common\'s rfid', e.scRfid, r0.pc);
    checkStepsBetween(c, o, code, ['r0', 'r1']);
    if (r1) {
      c.equal('after the rfid: the instruction after the sc', sc + 4n, r1.pc);
      c.that('after the rfid: problem state, no SE', (r1.msr & (MSR_PR | MSR_SE)) === MSR_PR, 'PR, no SE', describeMsr(r1.msr));
    }
    const v0 = o.at('v0'), v1 = o.at('v1');
    if (v0 && c.oneOf('stopped on system_call_vectored_common\'s return', [e.scvRfscv, e.scvRfid], v0.pc)) {
      c.note(v0.pc === e.scvRfscv ? 'scv returned with rfscv' : 'scv returned with rfid (full restore)');
    }
    checkStepsBetween(c, o, code, ['v0', 'v1']);
    if (v1) {
      c.equal('after the return: the instruction after the scv', scv + 4n, v1.pc);
      c.that('after the return: problem state, no SE', (v1.msr & (MSR_PR | MSR_SE)) === MSR_PR, 'PR, no SE', describeMsr(v1.msr));
    }
  },
};
