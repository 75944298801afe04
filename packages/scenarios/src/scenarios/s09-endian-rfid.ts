import type { Scenario } from '../scenario.js';
import { breakAt, probe, stepAndProbe } from '../gdb-script.js';
import { MSR_LE, describeMsr } from '../msr.js';
import { hex } from '../checker.js';

export const endianRfid: Scenario = {
  id: '9',
  title: 'stepping the rfid that switches endianness',
  checks: 'GDB loads the big-endian `firmware.elf` and stops at `enter_kernel_rfid` (SRR1 = MSR | LE). The step decodes the '
    + 'rfid big-endian and lands on the kernel entry (SRR0, real 0) with MSR[LE]=1; after `set endian little` GDB reads the '
    + 'registers right, and the next step (the kernel\'s first instruction, `b start_real`, decoded little-endian) reaches '
    + '`start_real`.',
  symbolFile: 'firmware',
  commands: (ctx) => [
    breakAt(ctx.firmware.symbol('enter_kernel_rfid')), 'continue', ...probe('b0'), 'delete', 'stepi', 'set endian little',
    ...probe('b1'), 'x/i $pc', ...stepAndProbe('b2'),
  ],
  verify(ctx, o, c) {
    const b0 = o.at('b0'), b1 = o.at('b1'), b2 = o.at('b2');
    if (b0) c.equal('firmware: big-endian', 0n, b0.msr & MSR_LE);
    if (b0 && b1) {
      c.equal('after the rfid: pc = SRR0 (kernel entry)', b0.vcpu.srr0, b1.pc);
      c.that('after the rfid: little-endian', (b1.msr & MSR_LE) !== 0n, 'LE', describeMsr(b1.msr));
      c.equal('after the rfid: MSR = SRR1', b0.vcpu.srr1, b1.msr);
      c.equal('after the rfid: SRR0 unchanged', b0.vcpu.srr0, b1.vcpu.srr0);
      c.equal('after the rfid: SRR1 unchanged', b0.vcpu.srr1, b1.vcpu.srr1);
    }
    if (b1 && b2) {
      // the kernel runs at its real address: its instruction there is the image's at KERNELBASE + address
      const insn = ctx.kernel.instruction(ctx.kernel.symbol('KERNELBASE') + b1.pc);
      const target = insn?.target;
      c.that(`kernel entry (${insn?.mnemonic} ${insn?.operands}) is a branch`, target !== undefined, 'b start_real', String(insn?.mnemonic));
      if (target !== undefined) c.equal('second step: pc = the branch target (real)', target & 0x0fffffffffffffffn, b2.pc & 0x0fffffffffffffffn);
      c.equal('second step: MSR unchanged', b1.msr, b2.msr);
      c.note(`entry ${hex(b1.pc)}, then ${hex(b2.pc)}`);
    }
  },
};
