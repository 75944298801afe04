import { F } from '../fields.js';
import type { Gen } from '../gen.js';
import type { RuleEntry, Generated, Rule } from './rule.js';

/**
 * Scalar floating-point rules (Book I chapter 4). The operand layout of each
 * mnemonic is given by which of FRA/FRB/FRC it reads; instructions of primary 59/63
 * that are not listed here get a rule from their form (see fpFormRule), so FP
 * instructions added to the decode table are picked up without a change here.
 * Inputs come from the edge-biased FPR values of the case (values.ts).
 */

type Ops = 'ABC' | 'AB' | 'AC' | 'B' | 'T';

function arith(ops: Ops, rc = true, cls = 'fp-arith'): Rule {
  return {
    cls,
    gen(g: Gen): Generated {
      let w = F.RT(g.fpr());
      if (ops.includes('A')) w |= F.RA(g.fpr());
      if (ops.includes('B')) w |= F.RB(g.fpr());
      if (ops.includes('C')) w |= F.RC(g.fpr());
      if (rc) w |= F.Rc(g.bit());
      return { word: w };
    },
  };
}

/** BF,FRA,FRB compares and tests. */
function fcmp(useA: boolean): Rule {
  return { cls: 'fp-compare', gen: (g) => ({ word: F.BF(g.crField()) | (useA ? F.RA(g.fpr()) : 0) | F.RB(g.fpr()) }) };
}

/** FPSCR bits (ISA numbering 32..63) whose mtfsb1 would enable an exception: VE OE UE ZE XE, and NI. */
const ENABLE_BITS = [56, 57, 58, 59, 60, 61];

const mffs: Rule = {
  cls: 'fpscr',
  gen(g: Gen): Generated {
    // the mffs family shares the opcode; bits 16..20 select the variant (ISA 3.0B)
    switch (g.rng.int(10)) {
      case 0: return { word: F.RT(g.fpr()) | F.RA(1), mnemonic: 'mffsce' };
      case 1: return { word: F.RT(g.fpr()) | F.RA(20) | F.RB(g.fpr()), mnemonic: 'mffscdrn' };
      case 2: return { word: F.RT(g.fpr()) | F.RA(21) | ((g.rng.int(8)) << 11), mnemonic: 'mffscdrni' };
      case 3: return { word: F.RT(g.fpr()) | F.RA(22) | F.RB(g.fpr()), mnemonic: 'mffscrn' };
      case 4: return { word: F.RT(g.fpr()) | F.RA(23) | ((g.rng.int(4)) << 11), mnemonic: 'mffscrni' };
      case 5: return { word: F.RT(g.fpr()) | F.RA(24), mnemonic: 'mffsl' };
      default: return { word: F.RT(g.fpr()) | F.Rc(g.bit()) };
    }
  },
};

export const fpRules: Record<string, RuleEntry> = {
  fadd: arith('AB'), fadds: arith('AB'), fsub: arith('AB'), fsubs: arith('AB'),
  fdiv: arith('AB'), fdivs: arith('AB'), fmul: arith('AC'), fmuls: arith('AC'),
  fsqrt: arith('B'), fsqrts: arith('B'), fre: arith('B'), fres: arith('B'),
  frsqrte: arith('B'), frsqrtes: arith('B'),
  fmadd: arith('ABC'), fmadds: arith('ABC'), fmsub: arith('ABC'), fmsubs: arith('ABC'),
  fnmadd: arith('ABC'), fnmadds: arith('ABC'), fnmsub: arith('ABC'), fnmsubs: arith('ABC'),
  fsel: arith('ABC', true, 'fp-move'),
  fmr: arith('B', true, 'fp-move'), fneg: arith('B', true, 'fp-move'), fabs: arith('B', true, 'fp-move'),
  fnabs: arith('B', true, 'fp-move'), fcpsgn: arith('AB', true, 'fp-move'),
  fmrgew: arith('AB', false, 'fp-move'), fmrgow: arith('AB', false, 'fp-move'),
  frsp: arith('B', true, 'fp-convert'),
  fctiw: arith('B', true, 'fp-convert'), fctiwz: arith('B', true, 'fp-convert'),
  fctiwu: arith('B', true, 'fp-convert'), fctiwuz: arith('B', true, 'fp-convert'),
  fctid: arith('B', true, 'fp-convert'), fctidz: arith('B', true, 'fp-convert'),
  fctidu: arith('B', true, 'fp-convert'), fctiduz: arith('B', true, 'fp-convert'),
  fcfid: arith('B', true, 'fp-convert'), fcfidu: arith('B', true, 'fp-convert'),
  fcfids: arith('B', true, 'fp-convert'), fcfidus: arith('B', true, 'fp-convert'),
  frin: arith('B', true, 'fp-convert'), friz: arith('B', true, 'fp-convert'),
  frip: arith('B', true, 'fp-convert'), frim: arith('B', true, 'fp-convert'),
  fcmpu: fcmp(true), fcmpo: fcmp(true), ftdiv: fcmp(true), ftsqrt: fcmp(false),
  mffs,
  mcrfs: { cls: 'fpscr', gen: (g) => ({ word: F.BF(g.crField()) | F.BFA(g.crField()) }) },
  // mtfsfi/mtfsf/mtfsb1 never set an enable bit (or NI): fields 6 and 7 hold them
  mtfsfi: { cls: 'fpscr', gen(g) {
    const bf = g.crField();
    const u = bf === 7 ? g.rng.int(4) : bf === 6 ? 0 : g.rng.int(16);
    return { word: F.BF(bf) | F.U(u) | F.Rc(g.bit()) };
  } },
  mtfsf: { cls: 'fpscr', gen: (g) => ({ word: F.FLM(g.rng.int(256) & 0xfc) | F.RB(g.fpr()) | F.Rc(g.bit()) }) },
  mtfsb0: { cls: 'fpscr', gen: (g) => ({ word: F.RT(32 + g.rng.int(32)) | F.Rc(g.bit()) }) },
  mtfsb1: { cls: 'fpscr', gen(g) {
    let bt: number;
    do { bt = 32 + g.rng.int(32); } while (ENABLE_BITS.includes(bt) || bt === 33 || bt === 34); // FEX and VX cannot be set explicitly
    return { word: F.RT(bt) | F.Rc(g.bit()) };
  } },
};

/**
 * A rule for an FP instruction this table does not know, from its form: A-form
 * reads FRA, FRB and FRC; X-form reads FRB (FRT,FRB,Rc). Reported as "by form" in the
 * coverage table.
 */
export function fpFormRule(form: string): Rule | undefined {
  if (form === 'A') return { ...arith('ABC'), note: 'by form (A: FRT,FRA,FRB,FRC,Rc)' };
  if (form === 'X') return { ...arith('B'), note: 'by form (X: FRT,FRB,Rc)' };
  return undefined;
}
