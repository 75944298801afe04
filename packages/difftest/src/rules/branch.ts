import { F } from '../fields.js';
import { SPR_LR, SPR_CTR, SPR_TAR } from '../asm.js';
import type { Gen } from '../gen.js';
import type { RuleEntry, Generated, Rule } from './rule.js';

/**
 * Branch rules (Book I 2.4). Every branch goes forward, to the first word of a
 * later slot (its setup) or to the end of the sequence, so sequences always
 * terminate; branches to LR/CTR/TAR get a setup that loads the label's address.
 */

/**
 * The BO encodings that are not reserved (Figure "BO field encodings"): z bits zero,
 * and the "at" hint pair never 01.
 */
export const VALID_BO = [0, 2, 4, 6, 7, 8, 10, 12, 14, 15, 16, 18, 20, 24, 25, 26, 27];
/** bcctr with BO[2]=0 (decrement CTR) is an invalid form. */
export const VALID_BO_CTR = VALID_BO.filter((bo) => bo & 4);

/** When BO decrements CTR, bias CTR towards the values where the loop test flips. */
function ctrBias(g: Gen, bo: number): void {
  if ((bo & 4) === 0 && g.rng.chance(0.5)) g.input.ctr = g.rng.pick([0n, 1n, 2n, 0x100000001n, 0x100000000n]);
}

const b: Rule = {
  cls: 'branch',
  gen: (g) => ({ word: F.AA(g.rng.chance(0.15) ? 1 : 0) | F.LK(g.bit()), branch: { target: g.forwardTarget(), field: 'LI' } }),
};

const bc: Rule = {
  cls: 'branch',
  gen(g: Gen): Generated {
    const bo = g.rng.pick(VALID_BO);
    ctrBias(g, bo);
    return { word: F.BO(bo) | F.BI(g.crBit()) | F.LK(g.bit()), branch: { target: g.forwardTarget(), field: 'BD' } };
  },
};

function toRegister(spr: number, bos: readonly number[]): Rule {
  return {
    cls: 'branch',
    gen(g: Gen): Generated {
      const bo = g.rng.pick(bos);
      ctrBias(g, bo);
      g.labelInto(spr, g.forwardTarget());
      return { word: F.BO(bo) | F.BI(g.crBit()) | F.BH(g.rng.pick([0, 0, 1, 3])) | F.LK(g.bit()) };
    },
  };
}

export const branchRules: Record<string, RuleEntry> = {
  b,
  bc,
  bclr: toRegister(SPR_LR, VALID_BO),
  bcctr: toRegister(SPR_CTR, VALID_BO_CTR),
  bctar: toRegister(SPR_TAR, VALID_BO),
};
