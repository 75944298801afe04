import { DSISR_NOPTE, DSISR_PROTFAULT, DSISR_R_BADCONFIG, DSISR_ATOMIC_RC } from './dsisr.js';

/**
 * SRR1 bits an interrupt sets (Power ISA 3.0B Book III 7.5: each interrupt's
 * "SRR1" paragraph), the one definition in hvstep. As masks on the low 32-bit word
 * of SRR1 (ISA bits 32..63, bit n at 1 << (63 - n)); the high word always copies
 * the MSR.
 */

/** ISA bits 33:36: interrupt-specific cause bits. */
export const SRR1_CAUSE_33_36 = 0x78000000;
/** ISA bits 42:47: interrupt-specific cause bits. */
export const SRR1_CAUSE_42_47 = 0x003f0000;
/**
 * The bits an interrupt sets or clears rather than copying from the MSR: ISA bits
 * 33:36 and 42:47 (QEMU's `msr & ~0x783f0000` in powerpc_excp_books), and the bits
 * rfid does not load back into the MSR.
 */
export const SRR1_INTERRUPT_BITS = SRR1_CAUSE_33_36 | SRR1_CAUSE_42_47;

// --- Program interrupt (7.5.9): the reason, ISA bits 43..46 (QEMU POWERPC_EXCP_FP/INVAL/PRIV/TRAP) ---

/** Bit 43: an enabled floating-point exception. */
export const PROGRAM_FP_ENABLED = 0x00100000;
/** Bit 44: an illegal instruction. */
export const PROGRAM_ILLEGAL = 0x00080000;
/** Bit 45: a privileged instruction in problem state. */
export const PROGRAM_PRIVILEGED = 0x00040000;
/** Bit 46: a trap instruction whose condition held. */
export const PROGRAM_TRAP = 0x00020000;

// --- Trace interrupt (7.5.15) ---

/** Bit 33: a single-step or branch trace. */
export const TRACE_SRR1 = 0x40000000;
/** Bit 43: a CIABR match. */
export const TRACE_CIABR_SRR1 = 0x00100000;

// --- Instruction Storage interrupt (7.5.5): the same bit positions as the DSISR
// causes of a DSI (Linux DSISR_SRR1_MATCH_64S), hence defined from them ---

/** Bit 33: no translation. */
export const SRR1_NOPTE = DSISR_NOPTE;
/** Bit 35: fetch from no-execute or guarded storage; on radix also any EAA refusal of a fetch. */
export const SRR1_NOEXEC_GUARD = 0x10000000;
/** Bit 36: protection (kept for completeness: radix fetches report SRR1_NOEXEC_GUARD instead, see mmu/radix/pte.ts). */
export const SRR1_PROTFAULT = DSISR_PROTFAULT;
/** Bit 44: unsupported radix tree configuration. */
export const SRR1_R_BADCONFIG = DSISR_R_BADCONFIG;
/** Bit 45: R needed setting. */
export const SRR1_ATOMIC_RC = DSISR_ATOMIC_RC;
