import type { Gen } from '../gen.js';
import type { Slot } from '../testcase.js';

/** What a rule produces for one instruction: the operand bits and how to place it. */
export interface Generated {
  /** operand fields; the def's primary opcode and extended-opcode bits are ORed in by the generator */
  word: number;
  branch?: Slot['branch'];
  /** a more precise name for the variant generated (e.g. mtocrf for the mtcrf row) */
  mnemonic?: string;
}

/**
 * How to generate valid instances of one instruction. `cls` groups instructions
 * for the statistics; `weight` scales how often it is picked (instructions that end
 * the program by design, like traps or the LE-mode alignment faults of lmw, are rare
 * so that QEMU restarts stay cheap).
 */
export interface Rule {
  cls: string;
  weight?: number;
  note?: string;
  /**
   * The instruction's enabled-exception behaviour is modelled (QEMU's SIGFPE, FPSCR
   * FEX): a case made only of such rules gets FPSCR enables now and then
   * (values.ts withFpEnables). Other cases keep them off.
   */
  fpEnables?: boolean;
  gen(g: Gen): Generated;
}

/** An instruction the generator deliberately never emits, and why. */
export interface Exclusion { exclude: string }

export type RuleEntry = Rule | Exclusion;

export const isExclusion = (r: RuleEntry): r is Exclusion => 'exclude' in r;
