import { W_MSR, MSR_LE } from '@hvstep/emulator-core';
import {
  readCpuRegisterBytes, writeCpuRegisterBytes, readCpuGPacket, writeCpuGPacket, type CpuRegisterContext,
} from '@hvstep/gdbstub';
import type { Vcpu, Vm } from '@hvstep/hypervisor';

/**
 * GDB's register view of a stopped vCPU: the gdbstub's map over its register file
 * (cpu-registers.ts there), in the guest's current byte order (MSR[LE]), as QEMU's
 * gdbstub sends it. A system guest's debugger may write the MSR and the writable SPRs;
 * the LPCR and the time base are the partition's and the clock's, read-only.
 */
const littleEndian = (vcpu: Vcpu): boolean => (vcpu.state.w[W_MSR]! & MSR_LE) !== 0;

/** One context per VM, made once: the registers are read on every stop. */
const contexts = new WeakMap<Vm, CpuRegisterContext>();

function context(vm: Vm): CpuRegisterContext {
  let ctx = contexts.get(vm);
  if (!ctx) contexts.set(vm, ctx = makeContext(vm));
  return ctx;
}

function makeContext(vm: Vm): CpuRegisterContext {
  return {
    msrWritable: true,
    sprWritable: true,
    sprOutside: (name) => {
      if (name === 'lpcr') return (BigInt(vm.partition.lpcrHi >>> 0) << 32n) | BigInt(vm.partition.lpcrLo >>> 0);
      if (name === 'tb') return BigInt(vm.clock.ticks());
      return undefined;
    },
  };
}

export function readRegister(vm: Vm, vcpu: Vcpu, regnum: number): Uint8Array | undefined {
  return readCpuRegisterBytes(vcpu.state, regnum, littleEndian(vcpu), context(vm));
}

/** False for an unknown register, a wrong size or a read-only register. */
export function writeRegister(vm: Vm, vcpu: Vcpu, regnum: number, data: Uint8Array): boolean {
  // the byte order of the vCPU before the write (a write of msr may change it)
  if (!writeCpuRegisterBytes(vcpu.state, regnum, data, littleEndian(vcpu), context(vm))) return false;
  vcpu.markRegistersDirty();
  return true;
}

export function readAllRegisters(vm: Vm, vcpu: Vcpu): Uint8Array {
  return readCpuGPacket(vcpu.state, littleEndian(vcpu), context(vm));
}

export function writeAllRegisters(vm: Vm, vcpu: Vcpu, data: Uint8Array): void {
  // every register in the byte order the vCPU had when GDB read them
  writeCpuGPacket(vcpu.state, data, littleEndian(vcpu), context(vm));
  vcpu.markRegistersDirty();
}
