/**
 * Facility Status and Control Register (FSCR, SPR 153; Power ISA 3.0B Book III 9.2.3
 * "Facility Status and Control Register"), the one definition in hvstep. A facility
 * whose enable bit is clear raises Facility Unavailable (0xF60) when problem-state or
 * privileged code uses it, with FSCR[IC] (bits 0:7) set to the bit's number counted
 * from the right (QEMU's FSCR_* and FSCR_IC_*, Linux's FSCR_*_LG): these numbers.
 * As masks they apply to the low word of the register (bits 32..63).
 */
export const FSCR_LG = {
  /** Data Stream Control Register through SPR 3. */
  DSCR: 2,
  /** Performance monitor registers in problem state. */
  PM: 3,
  /** Branch history rolling buffer. */
  BHRB: 4,
  /** Transactional memory. */
  TM: 5,
  /** Event-based branches (BESCR, EBBHR, EBBRR). */
  EBB: 7,
  /** Target Address Register (bctar, SPR 815). */
  TAR: 8,
  /** System Call Vectored (scv). */
  SCV: 12,
} as const;

/** The FSCR enable mask of the facility with bit number `lg`. */
export const fscrBit = (lg: number): number => 1 << lg;
