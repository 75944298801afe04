import { RadixTranslation, MSR_DR, W_MSR, sprWord, SPR_PID, type GuestMemory } from '@hvstep/emulator-core';
import type { Vm, Vcpu } from '@hvstep/hypervisor';

/**
 * The debugger's view of guest memory: effective addresses translated in a stopped
 * vCPU's current context (MSR[DR], PID, the partition's process table), without any
 * side effect on the guest — radix walks go through `describe`, which sets no R/C bit.
 */
export class GuestView {
  private readonly radix: RadixTranslation;

  constructor(private readonly vm: Vm) {
    this.radix = new RadixTranslation(vm.memory);
  }

  get memory(): GuestMemory { return this.vm.memory; }

  /** Real address of EA for the vCPU, or undefined when it does not translate. */
  realAddress(vcpu: Vcpu, ea: bigint): number | undefined {
    const msr = vcpu.state.w[W_MSR]!;
    let real: bigint;
    if ((msr & MSR_DR) === 0) {
      real = ea & 0x0fffffffffffffffn; // real mode ignores EA bits 0:3
    } else {
      const table = this.vm.partition.processTable;
      if (!table) return undefined;
      this.radix.setProcessTable(table.base, table.sizeLog2);
      const pid = vcpu.state.w[sprWord(SPR_PID)]!;
      const hi = Number((ea >> 32n) & 0xffffffffn) | 0, lo = Number(ea & 0xffffffffn) | 0;
      const walk = this.radix.describe(hi, lo, pid);
      if (walk.status !== 'ok' || walk.realAddress === null) return undefined;
      real = BigInt(walk.realAddress);
    }
    return real >= 0n && real < BigInt(this.vm.memory.size) ? Number(real) : undefined;
  }

  read(vcpu: Vcpu, ea: bigint, length: number): Uint8Array {
    const out: number[] = [];
    for (let i = 0; i < length; i++) {
      const pa = this.realAddress(vcpu, ea + BigInt(i));
      if (pa === undefined) break;
      out.push(this.vm.memory.u8[pa]!);
    }
    return new Uint8Array(out);
  }

  write(vcpu: Vcpu, ea: bigint, data: Uint8Array): boolean {
    const addresses: number[] = [];
    for (let i = 0; i < data.length; i++) {
      const pa = this.realAddress(vcpu, ea + BigInt(i));
      if (pa === undefined) return false;
      addresses.push(pa);
    }
    addresses.forEach((pa, i) => { this.vm.memory.u8[pa] = data[i]!; });
    return true;
  }
}
