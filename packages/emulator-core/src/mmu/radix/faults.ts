/*
 * What a radix translation fault hands the CPU, and the cause bits it uses. The
 * values are QEMU's (target/ppc/cpu.h DSISR_* / SRR1_*) and Linux's
 * (arch/powerpc/include/asm/reg.h DSISR_*): the same bit positions serve DSISR for
 * a DSI and SRR1 for an ISI (Linux DSISR_SRR1_MATCH_64S).
 */

/** No translation: an invalid entry at some level, or a PID past the process table. */
export const DSISR_NOPTE = 0x40000000;
/** The EAA does not allow the data access (also privileged page from problem state). */
export const DSISR_PROTFAULT = 0x08000000;
/** Set in DSISR when the faulting access was a store. */
export const DSISR_ISSTORE = 0x02000000;
/** Unsupported radix tree configuration (Linux DSISR_UNSUPP_MMU): bad RTS/NLS, zero or misplaced process table entry. */
export const DSISR_R_BADCONFIG = 0x00080000;
/** R or C needed setting (Linux DSISR_SET_RC); only in the 'fault' R/C mode. */
export const DSISR_ATOMIC_RC = 0x00040000;

/** ISI: no translation (same bit as DSISR_NOPTE). */
export const SRR1_NOPTE = DSISR_NOPTE;
/** ISI: fetch from no-execute or guarded storage; on radix also any EAA refusal of a fetch. */
export const SRR1_NOEXEC_GUARD = 0x10000000;
/** ISI: protection (kept for completeness: radix fetches report SRR1_NOEXEC_GUARD instead, see pte.ts). */
export const SRR1_PROTFAULT = DSISR_PROTFAULT;
export const SRR1_R_BADCONFIG = DSISR_R_BADCONFIG;
export const SRR1_ATOMIC_RC = DSISR_ATOMIC_RC;

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
