import { decoder, fieldBits } from '@hvstep/emulator-core';
import { Rng, caseSeed } from './rng.js';
import { Gen } from './gen.js';
import { randomState, withFpEnables } from './values.js';
import type { PlanEntry } from './rules/index.js';
import type { Slot, TestCase } from './testcase.js';
import { vecHarnessAvailable } from './program.js';

/**
 * Random test cases: an edge-biased input state and a short sequence of
 * instructions drawn from the plan (one row per decode-table entry with a rule),
 * each with the setup words its operands need. Case `index` of seed `seed` is
 * always the same case, whatever batch it is generated in.
 */

export interface GeneratorOptions {
  /** the rows to draw from (already filtered by --only and FP availability) */
  pool: readonly PlanEntry[];
  /** maximum number of instructions per case (default 8) */
  maxLength?: number;
  /** whether cases load and save the FP state */
  fp: boolean;
  /**
   * Probability that an instruction gets one or two of its non-opcode bits flipped
   * after generation (default 0): the word may then have reserved bits set, or be
   * another form of the row, and QEMU decides whether it is an illegal instruction —
   * which is how the decode table's `reserved` masks are checked.
   */
  mutate?: number;
}

/** Sequence length: short ones are the most common, up to maxLength. */
function pickLength(rng: Rng, max: number): number {
  const r = rng.int(100);
  if (r < 30 || max === 1) return 1;
  if (r < 50) return Math.min(2, max);
  return rng.range(Math.min(3, max), max);
}

/** Every case dumps the VSRs once hvstep can (program.ts). */
const VEC = vecHarnessAvailable();

export class GeneratorError extends Error {}

/** One instruction of a plan entry at `slot` of a `slots`-long sequence. */
export function generateSlot(entry: PlanEntry, g: Gen, mutate = 0): Slot {
  const rule = entry.rule!;
  for (let attempt = 0; attempt < 20; attempt++) {
    g.setup.length = 0;
    const out = rule.gen(g);
    const word = (entry.fixedValue | (out.word & ~entry.fixedMask)) >>> 0;
    // branches get their displacement at placement; decode with a zero field
    if (decoder.lookup(word) !== entry.def) continue;
    const mutated = mutate > 0 && g.rng.chance(mutate) ? mutateWord(g.rng, word, entry, out.branch !== undefined) : word;
    return {
      mnemonic: mutated !== word ? `${out.mnemonic ?? entry.def.mnemonic}~` : out.mnemonic ?? entry.def.mnemonic,
      ...(mutated !== word ? { row: entry.def.mnemonic } : {}),
      ...(out.mnemonic && out.mnemonic !== entry.def.mnemonic ? { row: entry.def.mnemonic } : {}),
      cls: rule.cls,
      word: mutated,
      setup: [...g.setup],
      ...(out.branch ? { branch: out.branch } : {}),
    };
  }
  throw new GeneratorError(`rule for ${entry.def.mnemonic} does not produce words that decode to it`);
}

/**
 * The word with one or two bits flipped among those the row's primary and extended
 * opcode do not fix (and, for a branch, outside the displacement placed later).
 */
function mutateWord(rng: Rng, word: number, entry: PlanEntry, branch: boolean): number {
  let free = ~entry.fixedMask >>> 0;
  if (branch) free &= ~(fieldBits('LI') | fieldBits('BD')) >>> 0;
  const bits: number[] = [];
  for (let b = 0; b < 32; b++) if (free & (1 << b)) bits.push(b);
  if (bits.length === 0) return word;
  let w = word ^ (1 << bits[rng.int(bits.length)]!);
  if (rng.chance(0.3)) w ^= 1 << bits[rng.int(bits.length)]!;
  return w >>> 0;
}

/** How often a case whose rules all allow it runs with FPSCR enables. */
const FP_ENABLES_CHANCE = 0.35;

export function generateCase(seed: number, index: number, opts: GeneratorOptions): TestCase {
  const rng = new Rng(caseSeed(seed, index));
  const input = randomState(rng);
  const pool = opts.pool;
  const weights = pool.map((e) => e.rule?.weight ?? 1);
  const n = pool.length === 0 ? 0 : pickLength(rng, opts.maxLength ?? 8);
  const slots: Slot[] = [];
  let sprs = false;
  const hot = {
    gpr: Array.from({ length: 4 }, () => rng.int(31)),
    fpr: Array.from({ length: 4 }, () => rng.int(32)),
    vsr: Array.from({ length: 4 }, () => rng.int(64)),
  };
  const chosen: PlanEntry[] = [];
  for (let i = 0; i < n; i++) {
    const entry = pool[rng.weighted(weights)]!;
    chosen.push(entry);
    const g = new Gen(rng, i, n, input, hot);
    slots.push(generateSlot(entry, g, opts.mutate ?? 0));
    sprs ||= g.sprs;
  }
  // FPSCR enables only where every instruction of the case models them (Rule.fpEnables)
  if (n > 0 && chosen.every((e) => e.rule?.fpEnables) && rng.chance(FP_ENABLES_CHANCE)) input.fpscr = withFpEnables(rng, input.fpscr);
  const reservation = slots.some((s) => s.cls === 'atomic');
  return { seed, index, slots, input, sprs, reservation, fp: opts.fp, vec: VEC };
}
