/*
 * What a radix translation fault hands the CPU. The cause bits it uses are defined
 * with the other DSISR and SRR1 bits (cpu/dsisr.ts, cpu/srr1.ts) and re-exported
 * here for the radix modules and the package index.
 */
export { DSISR_NOPTE, DSISR_PROTFAULT, DSISR_ISSTORE, DSISR_R_BADCONFIG, DSISR_ATOMIC_RC } from '../../cpu/dsisr.js';
export { SRR1_NOPTE, SRR1_NOEXEC_GUARD, SRR1_PROTFAULT, SRR1_R_BADCONFIG, SRR1_ATOMIC_RC } from '../../cpu/srr1.js';

/** TranslationFault['kind'] (mmu/translation.ts), spelled out so this module stands alone. */
export type RadixFaultKind = 'dsi' | 'isi' | 'outsideRam';

/**
 * The last fault's details, in the shape of the CPU's TranslationFault
 * (mmu/translation.ts). One instance per translation regime, overwritten by each
 * fault (no allocation on the fault path); valid after translatePage returned -1.
 *
 * - 'dsi' / 'isi': Data / Instruction Storage interrupt (0x300 / 0x400) to the guest.
 * - 'outsideRam': a guest real address (the data page, or a process/page table
 *   entry) past the end of guest RAM: a hypervisor-level event (KVM's MMIO exit or
 *   an HDSI/HISI), not a guest interrupt.
 *
 * `segment`: QEMU (7.0+, ppc_radix64_get_fully_qualified_addr/raise_segi) and the
 * ISA raise a Data / Instruction *Segment* interrupt (0x380 / 0x480; DAR = EA,
 * DSISR untouched, no SRR1 cause bits) for an EA outside the translatable range:
 * EA bits 2:11 non-zero, or quadrant 1 or 2 used with MSR[HV]=0. TranslationFault
 * has no kind for it, so such a fault is reported as kind 'dsi'/'isi' with the
 * "no translation" cause (DSISR 0x40000000, SRR1 0x40000000), which is what a CPU
 * unaware of segment interrupts should raise, and `segment` = true so a CPU that
 * knows them raises 0x380/0x480 instead. Linux treats both alike (SIGSEGV, or
 * bad_page_fault in the kernel).
 */
export class RadixFault {
  kind: RadixFaultKind = 'dsi';
  /** DSI: the DSISR value, DSISR_ISSTORE included for a store. 0 otherwise. */
  dsisr = 0;
  /** ISI: the cause bits to OR into SRR1 (bits 33:36 and 42:47 of the ISA). 0 otherwise. */
  srr1Bits = 0;
  /** The EA is outside the translatable range: a segment interrupt on hardware (see above). */
  segment = false;
  /** The faulting effective address (DAR for a DSI, SRR0 for an ISI). */
  eaHi = 0;
  eaLo = 0;
  /** ACCESS_* of the faulting access. */
  access = 0;
  /** 'outsideRam': the guest real address that is outside RAM, high and low words. */
  realAddressHi = 0;
  realAddressLo = 0;
  /** 'outsideRam': true when it was a process table or page table entry read, false for the access itself. */
  tableWalk = false;

  /** 'outsideRam': the real address as a number (exact below 2^53). */
  get realAddress(): number { return this.realAddressHi * 4294967296 + (this.realAddressLo >>> 0); }

  set(kind: RadixFaultKind, eaHi: number, eaLo: number, access: number, dsisr: number, srr1Bits: number): void {
    this.kind = kind;
    this.eaHi = eaHi;
    this.eaLo = eaLo;
    this.access = access;
    this.dsisr = dsisr;
    this.srr1Bits = srr1Bits;
    this.segment = false;
    this.realAddressHi = 0;
    this.realAddressLo = 0;
    this.tableWalk = false;
  }

  setOutsideRam(realAddress: number, tableWalk: boolean): void {
    this.realAddressHi = Math.floor(realAddress / 4294967296) | 0;
    this.realAddressLo = realAddress % 4294967296 | 0;
    this.tableWalk = tableWalk;
  }
}
