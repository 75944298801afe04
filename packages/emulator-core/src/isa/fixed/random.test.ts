import { describe, expect, it } from '@jest/globals';
import { makeMachine, runToEnd } from '../../test-support/machine.js';

describe('darn', () => {
  it('L=0 gives a 32-bit number zero-extended, L=1 and L=2 64-bit numbers that differ, L=3 all ones (as qemu-ppc64le)', () => {
    const { cpu } = makeMachine(`
      darn 3, 0
      darn 4, 1
      darn 5, 2
      darn 6, 1
      .long 0x7ce305e6   # darn 7, 3: L=3 is reserved (binutils refuses it)
    `);
    runToEnd(cpu);
    expect(cpu.state.gpr(3) >> 32n).toBe(0n);
    // two 64-bit draws are equal with probability 2^-64: a constant would be caught
    expect(cpu.state.gpr(4)).not.toBe(cpu.state.gpr(6));
    expect(cpu.state.gpr(4) >> 32n !== 0n || cpu.state.gpr(5) >> 32n !== 0n).toBe(true);
    expect(cpu.state.gpr(7)).toBe(0xffffffffffffffffn);
  });

  it('a word with a reserved bit set is an illegal instruction', () => {
    const { cpu } = makeMachine('.long 0x7c6405e6   # darn 3,0 with ISA bit 13 (reserved) set');
    expect(runToEnd(cpu)).not.toBe(0);
    expect(cpu.state.nip).toBe(0x10000n);
  });
});
