import type { Cpu } from '../cpu/cpu.js';

/** The facilities an MSR bit makes available (Book III 4.2.1: MSR[FP], MSR[VEC], MSR[VSX]). */
export type Facility = 'fp' | 'vec' | 'vsx';
/** Availability bits (Cpu.facilities): the index of the decoder's handler table in use. */
export const FACILITY_BIT: Readonly<Record<Facility, number>> = { fp: 1, vec: 2, vsx: 4 };
export const ALL_FACILITIES = 7;

/**
 * An instruction whose facility depends on the VSR it names (QEMU checks the FP or
 * VSX facility for VSRs 0-31 and the vector facility for VSRs 32-63 in e.g.
 * gen_mtvsrd, gen_mfvsrld): `vsr(w)` is that register's number.
 */
export interface FacilitySplit { readonly low: Facility; readonly high: Facility; readonly vsr: (w: number) => number }

/** What a handler tells the run loop (see interp/run.ts). */
export const Flow = {
  /** Fall through to the next sequential instruction. */
  Next: 0,
  /** NIP was written by the handler (taken branch, rfid...). */
  Jump: 1,
  /** Stop: `cpu.pendingExit` holds the Exit code, NIP is as that exit documents. */
  Exit: 2,
} as const;

/**
 * Executes one instruction. `w` is the instruction image in host order after the
 * fetch applied the guest byte order. NIP (in the register file) is the address of
 * this instruction while the handler runs.
 */
export type Handler = (cpu: Cpu, w: number) => number;

/**
 * What the debugger, the single step, the Trace logic and (later) the translator need
 * to know of an instruction without running it: isa/properties.ts sets them per row.
 */
export const InsnFlag = {
  /** Book III: a Program interrupt (privileged) in problem state. */
  Privileged: 1 << 0,
  /** Hypervisor privileged: in guest state it raises HEAI (the hypervisor emulates). */
  HypervisorPrivileged: 1 << 1,
  /** Reads the MSR (mfmsr). */
  ReadsMsr: 1 << 2,
  /** Writes the MSR (mtmsr, mtmsrd, rfid, hrfid). */
  WritesMsr: 1 << 3,
  /** Returns from an interrupt: NIP and MSR come from SRR0/SRR1 or HSRR0/HSRR1. */
  ReturnFromInterrupt: 1 << 4,
  /** System call or hypercall (sc LEV, scv). */
  SystemCall: 1 << 5,
  Load: 1 << 6,
  Store: 1 << 7,
  /** Load-and-reserve / store-conditional. */
  Reservation: 1 << 8,
} as const;

/** Where a branch can go next, besides the next instruction (Book I 2.4). */
export type BranchKind =
  /** b: CIA + LI, or LI with AA */
  | 'immediate'
  /** bc: CIA + BD, or BD with AA; or falls through */
  | 'conditional'
  /** bclr, bcctr, bctar: LR, CTR or TAR (low two bits cleared); or falls through */
  | 'lr' | 'ctr' | 'tar';

/**
 * One row of the decode table: the mnemonic, its ISA form, where it sits in the
 * opcode space, and what executes it.
 *
 * `xo`/`xoMask` select entries in the primary opcode's extended table (see
 * decode/opcode-space.ts for each primary's index field); every index i with
 * (i & xoMask) === xo belongs to this instruction. XO-form instructions give a
 * 9-bit mask so that OE=0 and OE=1 share the row; A-form FP instructions a 5-bit one.
 *
 * `hot` names the interpreter's inline fast path (interp/hot-ops.ts) used when
 * (w & hotMask) === 0 and `hotIf(w)` holds, typically the Rc=0/OE=0 form; other
 * forms take `exec`.
 */
export interface InstructionDef {
  mnemonic: string;
  form: string;
  primary: number;
  xo?: number;
  xoMask?: number;
  exec?: Handler;
  hot?: number;
  hotMask?: number;
  /**
   * A further condition on the word for the hot form (evaluated once per word, at
   * decode, since the cache keys on the word): e.g. mfspr is hot only for LR/CTR.
   */
  hotIf?: (w: number) => boolean;
  /**
   * The facility an MSR bit gates (Book III 4.2.1): 'fp' instructions raise FP
   * Unavailable while MSR[FP]=0, 'vec' Vector Unavailable while MSR[VEC]=0, 'vsx' VSX
   * Unavailable while MSR[VSX]=0. A `FacilitySplit` gates by the VSR the word names.
   */
  facility?: Facility | FacilitySplit;
  /**
   * Bits that must be zero (decode/field-specs.ts isaBits/fieldBits): a word with any of
   * them set decodes as an illegal instruction, as QEMU's per-opcode invalid masks do.
   */
  reserved?: number;
  /** InsnFlag bits. */
  flags?: number;
  /** For branches: where they can go. */
  branch?: BranchKind;
  /** For loads and stores: the bytes one access moves (string and multiple forms: per register). */
  accessSize?: number;
}
