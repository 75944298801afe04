import { assemble, bareMetal, ENTRY } from '@hvstep/emulator-core/test-support';
import { LPCR_ILE, sprWord, SPR_LPCR, MSR64_SF, MSR64_ME, MSR64_LE } from '@hvstep/emulator-core';
import type { Vm } from './vm.js';
import type { Vcpu } from './vcpu.js';

/**
 * Loads a bare-metal little-endian guest (vector stubs `li r3,vector; sc 1`, body at
 * ENTRY) into a VM and points every vCPU at it: for the hypervisor's tests.
 */
export function loadGuest(vm: Vm, body: string, handlers: Record<number, string> = {}, options: { bigEndian?: boolean } = {}): void {
  const words = assemble(bareMetal(body, handlers), options.bigEndian);
  words.forEach((w, i) => vm.memory.write32(4 * i, w, !options.bigEndian));
  if (!options.bigEndian) vm.partition.updateLpcr(LPCR_ILE, LPCR_ILE);
}

/** Sets a vCPU's entry state: NIP = ENTRY, MSR = SF|ME|LE (or BE), r3 = its index. */
export function startAt(vcpu: Vcpu, options: { bigEndian?: boolean; msrLo?: number } = {}): void {
  const msr = MSR64_SF | MSR64_ME | BigInt(options.msrLo ?? 0) | (options.bigEndian ? 0n : MSR64_LE);
  const regs = vcpu.getRegs();
  regs.gpr[3] = BigInt(vcpu.index);
  vcpu.setRegs({ pc: BigInt(ENTRY), msr, gpr: regs.gpr });
}

export { ENTRY, sprWord, SPR_LPCR };
