/**
 * MSR bits (Power ISA 3.0B Book III 4.2.1), as masks on the two 32-bit halves the
 * register file stores: `HI_*` on the high word (ISA bits 0..31), the rest on the
 * low word (ISA bits 32..63, bit n at 1 << (63 - n)).
 */
export const MSR_HI_SF = 0x80000000 | 0; // 0: 64-bit mode
export const MSR_HI_HV = 0x10000000;     // 3: hypervisor state
export const MSR_VEC = 0x02000000;       // 38: vector available
export const MSR_VSX = 0x00800000;       // 40: VSX available
export const MSR_EE = 0x00008000;        // 48: external/decrementer interrupts enabled
export const MSR_PR = 0x00004000;        // 49: problem state
export const MSR_FP = 0x00002000;        // 50: floating point available
export const MSR_ME = 0x00001000;        // 51: machine check enabled
export const MSR_FE0 = 0x00000800;       // 52: FP exception mode 0
export const MSR_SE = 0x00000400;        // 53: single-step trace
export const MSR_BE = 0x00000200;        // 54: branch trace
export const MSR_FE1 = 0x00000100;       // 55: FP exception mode 1
export const MSR_IR = 0x00000020;        // 58: instruction relocation
export const MSR_DR = 0x00000010;        // 59: data relocation
export const MSR_PMM = 0x00000004;       // 61: performance monitor mark
export const MSR_RI = 0x00000002;        // 62: recoverable interrupt
export const MSR_LE = 0x00000001;        // 63: little-endian

/**
 * SRR1 bits an interrupt sets or clears rather than copying from the MSR:
 * ISA bits 33:36 and 42:47 (QEMU's `msr & ~0x783f0000`).
 */
export const SRR1_INTERRUPT_BITS = 0x783f0000;

/** LPCR fields (SPR 318) the guest-visible core reads. */
export const LPCR_AIL_MASK = 0x01800000; // bits 39:40
export const LPCR_AIL_SHIFT = 23;
export const LPCR_ILE = 0x02000000;      // bit 38: interrupts little-endian
export const LPCR_HR = 0x00100000;       // bit 43: host radix
export const LPCR_LD = 0x00020000;       // bit 46: large decrementer
