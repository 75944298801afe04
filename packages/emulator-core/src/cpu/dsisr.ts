/**
 * DSISR bits (Power ISA 3.0B Book III 7.5.3, Data Storage interrupt), the one
 * definition in hvstep. A DSISR value is 32 bits; ISA bit n (32..63) is
 * 1 << (63 - n). Values and names follow QEMU target/ppc/cpu.h DSISR_* and Linux
 * arch/powerpc/include/asm/reg.h DSISR_*; the radix MMU (mmu/radix) and the DAWR
 * check (cpu.ts) raise them.
 */

/** Bit 33: no translation (an invalid entry at some level, or a PID past the process table). */
export const DSISR_NOPTE = 0x40000000;
/** Bit 36: the access is not permitted (radix EAA; also a privileged page from problem state). */
export const DSISR_PROTFAULT = 0x08000000;
/** Bit 38: the faulting access was a store. */
export const DSISR_ISSTORE = 0x02000000;
/** Bit 41: a DAWR (data address watchpoint) match (Linux DSISR_DABRMATCH). */
export const DSISR_DABR_MATCH = 0x00400000;
/** Bit 44: unsupported radix tree configuration (Linux DSISR_UNSUPP_MMU): bad RTS/NLS, zero or misplaced process table entry. */
export const DSISR_R_BADCONFIG = 0x00080000;
/** Bit 45: R or C needed setting (Linux DSISR_SET_RC); only in the radix MMU's 'fault' R/C mode. */
export const DSISR_ATOMIC_RC = 0x00040000;
