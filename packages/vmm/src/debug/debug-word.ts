/**
 * The software breakpoint word, as the hypervisor defines it: read once through the
 * one-reg KVM_REG_PPC_DEBUG_INST (as QEMU's kvmppc_hw_debug_points_init reads
 * debug_inst_opcode) rather than hard-coded. 0x00dddd00: the same bytes in either
 * byte order, so big-endian firmware and the little-endian kernel are patched alike.
 */
import { KVM_REG_PPC_DEBUG_INST, type Vcpu } from '@hvstep/hypervisor';
import type { GuestMemory } from '@hvstep/emulator-core';

export class DebugWord {
  private word: Uint8Array | undefined;

  constructor(private readonly anyVcpu: () => Vcpu) {}

  /** The word's four bytes as they go into guest memory. */
  get bytes(): Uint8Array {
    if (!this.word) {
      const value = Number(this.anyVcpu().getOneReg(KVM_REG_PPC_DEBUG_INST));
      this.word = new Uint8Array(4);
      new DataView(this.word.buffer).setUint32(0, value, false);
    }
    return this.word;
  }

  /** True when guest RAM holds the word at real address `pa`. */
  isAt(memory: GuestMemory, pa: number): boolean {
    const w = this.bytes, u8 = memory.u8;
    return u8[pa] === w[0] && u8[pa + 1] === w[1] && u8[pa + 2] === w[2] && u8[pa + 3] === w[3];
  }
}
