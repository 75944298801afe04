import type { Cpu } from '../cpu/cpu.js';

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
  /** The facility an MSR bit gates: 'fp' instructions raise FP Unavailable when MSR[FP]=0. */
  facility?: 'fp';
  /**
   * Bits that must be zero (decode/field-specs.ts isaBits/fieldBits): a word with any of
   * them set decodes as an illegal instruction, as QEMU's per-opcode invalid masks do.
   */
  reserved?: number;
}
