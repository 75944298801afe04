import type { MachineState } from './state.js';

/**
 * A setup item that is resolved when the case is placed in a program: loads the
 * address of a label of the sequence (slot `target`'s first word, or the end of the
 * sequence when target = slots.length) into `reg`, ORs `lowBits` into it (the two
 * low bits a branch to register ignores) and moves it to SPR `spr` (LR/CTR/TAR).
 * Always LABEL_SETUP_WORDS words.
 */
export interface LabelSetup {
  kind: 'label';
  reg: number;
  target: number;
  lowBits: number;
  spr: number;
}
export const LABEL_SETUP_WORDS = 3;

export type SetupItem = number | LabelSetup;

/** One generated instruction with the setup words that prepare its operands. */
export interface Slot {
  /** the variant generated (e.g. mtocrf) */
  mnemonic: string;
  /** the decode-table row it belongs to (e.g. mtcrf), when different */
  row?: string;
  /** Index of its rule class, for statistics (see rules.ts). */
  cls: string;
  word: number;
  setup: SetupItem[];
  /**
   * A relative or absolute branch whose displacement field is filled in at
   * placement: `target` is a slot index (> this slot) or slots.length (the end).
   */
  branch?: { target: number; field: 'LI' | 'BD' };
}

export interface TestCase {
  seed: number;
  index: number;
  slots: Slot[];
  input: MachineState;
  /** Load and dump TAR, VRSAVE and PPR too. */
  sprs: boolean;
  /** Clear any reservation in the prologue (the case uses a store conditional). */
  reservation: boolean;
  /** Load and dump the FPRs and FPSCR (needs lfd/stfd/mtfsf/mffs in the emulator). */
  fp: boolean;
  /** Load and dump the 64 VSRs and VSCR (needs lxvd2x/stxvd2x/mtvscr/mfvscr); the FPRs are then VSR dw0. */
  vec?: boolean;
}

/** A copy of the case without slot `k`; branches to later slots are renumbered. */
export function dropSlot(tc: TestCase, k: number): TestCase {
  const slots: Slot[] = [];
  tc.slots.forEach((s, i) => {
    if (i === k) return;
    const fix = (t: number): number => (t > k ? t - 1 : t);
    slots.push({
      ...s,
      setup: s.setup.map((it) => (typeof it === 'number' ? it : { ...it, target: fix(it.target) })),
      ...(s.branch ? { branch: { ...s.branch, target: fix(s.branch.target) } } : {}),
    });
  });
  return { ...tc, slots };
}

/** The case's first `k` instructions; branches past them go to the (new) end. */
export function truncateCase(tc: TestCase, k: number): TestCase {
  const fix = (t: number): number => Math.min(t, k);
  return {
    ...tc,
    slots: tc.slots.slice(0, k).map((s) => ({
      ...s,
      setup: s.setup.map((it) => (typeof it === 'number' ? it : { ...it, target: fix(it.target) })),
      ...(s.branch ? { branch: { ...s.branch, target: fix(s.branch.target) } } : {}),
    })),
  };
}
