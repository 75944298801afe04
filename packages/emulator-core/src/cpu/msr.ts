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

/** Defined with the other SRR1 bits (srr1.ts); re-exported here, where the rfid code has always found it. */
export { SRR1_INTERRUPT_BITS } from './srr1.js';

/**
 * The same MSR bits as 64-bit bigint masks, for code that builds or tests a whole
 * MSR value (KVM_SET_REGS, a debugger's register view, a process's initial state):
 * derived from the word masks above, so each bit is written once.
 */
const low = (mask: number): bigint => BigInt(mask >>> 0);
const high = (mask: number): bigint => BigInt(mask >>> 0) << 32n;
export const MSR64_SF = high(MSR_HI_SF);
export const MSR64_HV = high(MSR_HI_HV);
export const MSR64_VEC = low(MSR_VEC);
export const MSR64_VSX = low(MSR_VSX);
export const MSR64_EE = low(MSR_EE);
export const MSR64_PR = low(MSR_PR);
export const MSR64_FP = low(MSR_FP);
export const MSR64_ME = low(MSR_ME);
export const MSR64_FE0 = low(MSR_FE0);
export const MSR64_SE = low(MSR_SE);
export const MSR64_BE = low(MSR_BE);
export const MSR64_FE1 = low(MSR_FE1);
export const MSR64_IR = low(MSR_IR);
export const MSR64_DR = low(MSR_DR);
export const MSR64_PMM = low(MSR_PMM);
export const MSR64_RI = low(MSR_RI);
export const MSR64_LE = low(MSR_LE);

/** LPCR fields (SPR 318) the guest-visible core reads. */
export const LPCR_AIL_MASK = 0x01800000; // bits 39:40
export const LPCR_AIL_SHIFT = 23;
export const LPCR_ILE = 0x02000000;      // bit 38: interrupts little-endian
export const LPCR_UPRT = 0x00400000;     // bit 41: use process table (Linux reg.h, QEMU cpu.h)
export const LPCR_HR = 0x00100000;       // bit 43: host radix
export const LPCR_GTSE = 0x00000400;     // bit 53: guest translation shootdown enable (tlbie, tlbsync)
export const LPCR_LD = 0x00020000;       // bit 46: large decrementer
