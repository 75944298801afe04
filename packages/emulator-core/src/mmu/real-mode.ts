import type { GuestMemory } from '../memory/guest-memory.js';
import { newFaultRecord, type Translation } from './translation.js';

/**
 * Guest real mode (MSR[IR]=0 for fetches, MSR[DR]=0 for data): the effective
 * address is the real address with EA bits 0:3 ignored (Power ISA 3.0B Book III
 * 6.7.3, "Real Addressing Mode" in a partition). A real address past guest RAM is
 * not a guest interrupt but a hypervisor-level event: KVM would find no memory slot
 * and exit to userspace for MMIO emulation, and so does the CPU here.
 */
export class RealModeTranslation implements Translation {
  readonly fault = newFaultRecord();

  constructor(readonly memory: GuestMemory) {}

  translatePage(eaHi: number, eaLo: number): number {
    const hi = eaHi & 0x0fffffff;
    const page = (eaLo & -4096) >>> 0;
    if (hi === 0 && page + 4096 <= this.memory.size) return page;
    this.fault.kind = 'outsideRam';
    this.fault.realAddressHi = hi;
    this.fault.realAddressLo = eaLo;
    return -1;
  }
}
