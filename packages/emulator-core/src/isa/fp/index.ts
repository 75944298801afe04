import type { InstructionDef } from '../../decode/instruction.js';
import { fAddSub, fMul, fDiv, fSqrt, fRe, fRsqrte, fSel } from './arith.js';
import { fMulAdd } from './fma.js';
import { fRsp, fCti, fCfid, fRi } from './convert.js';
import { fCmp, fTdiv, fTsqrt } from './compare.js';
import { fMove, fCpsgn, fMrg } from './move.js';
import { lfD, lfX, stfD, stfX, lfiwX, stfiwX, fdpDS, fdpX } from './load-store.js';
import { mffsFamily, mcrfs, mtfsfi, mtfsf, mtfsb } from './fpscr-insns.js';

const A5 = 0x1f; // A-form rows: 5-bit xo, FRC (or its reserved field) in the upper index bits

/** Scalar floating point (Book I chapter 4). Rc=1 forms share their row. */
export const floatingPointDefs: InstructionDef[] = [
  // loads and stores (4.6.2, 4.6.3)
  { mnemonic: 'lfs', form: 'D', primary: 48, exec: lfD },
  { mnemonic: 'lfsu', form: 'D', primary: 49, exec: lfD },
  { mnemonic: 'lfd', form: 'D', primary: 50, exec: lfD },
  { mnemonic: 'lfdu', form: 'D', primary: 51, exec: lfD },
  { mnemonic: 'stfs', form: 'D', primary: 52, exec: stfD },
  { mnemonic: 'stfsu', form: 'D', primary: 53, exec: stfD },
  { mnemonic: 'stfd', form: 'D', primary: 54, exec: stfD },
  { mnemonic: 'stfdu', form: 'D', primary: 55, exec: stfD },
  { mnemonic: 'lfsx', form: 'X', primary: 31, xo: 535, exec: lfX },
  { mnemonic: 'lfsux', form: 'X', primary: 31, xo: 567, exec: lfX },
  { mnemonic: 'lfdx', form: 'X', primary: 31, xo: 599, exec: lfX },
  { mnemonic: 'lfdux', form: 'X', primary: 31, xo: 631, exec: lfX },
  { mnemonic: 'lfiwax', form: 'X', primary: 31, xo: 855, exec: lfiwX },
  { mnemonic: 'lfiwzx', form: 'X', primary: 31, xo: 887, exec: lfiwX },
  { mnemonic: 'stfsx', form: 'X', primary: 31, xo: 663, exec: stfX },
  { mnemonic: 'stfsux', form: 'X', primary: 31, xo: 695, exec: stfX },
  { mnemonic: 'stfdx', form: 'X', primary: 31, xo: 727, exec: stfX },
  { mnemonic: 'stfdux', form: 'X', primary: 31, xo: 759, exec: stfX },
  { mnemonic: 'stfiwx', form: 'X', primary: 31, xo: 983, exec: stfiwX },
  { mnemonic: 'lfdp', form: 'DS', primary: 57, xo: 0, exec: fdpDS },
  { mnemonic: 'stfdp', form: 'DS', primary: 61, xo: 0, exec: fdpDS },
  { mnemonic: 'lfdpx', form: 'X', primary: 31, xo: 791, exec: fdpX },
  { mnemonic: 'stfdpx', form: 'X', primary: 31, xo: 919, exec: fdpX },

  // moves (4.6.5)
  { mnemonic: 'fmr', form: 'X', primary: 63, xo: 72, exec: fMove },
  { mnemonic: 'fneg', form: 'X', primary: 63, xo: 40, exec: fMove },
  { mnemonic: 'fabs', form: 'X', primary: 63, xo: 264, exec: fMove },
  { mnemonic: 'fnabs', form: 'X', primary: 63, xo: 136, exec: fMove },
  { mnemonic: 'fcpsgn', form: 'X', primary: 63, xo: 8, exec: fCpsgn },
  { mnemonic: 'fmrgew', form: 'X', primary: 63, xo: 966, exec: fMrg },
  { mnemonic: 'fmrgow', form: 'X', primary: 63, xo: 838, exec: fMrg },

  // arithmetic (4.6.6)
  { mnemonic: 'fadd', form: 'A', primary: 63, xo: 21, xoMask: A5, exec: fAddSub },
  { mnemonic: 'fadds', form: 'A', primary: 59, xo: 21, xoMask: A5, exec: fAddSub },
  { mnemonic: 'fsub', form: 'A', primary: 63, xo: 20, xoMask: A5, exec: fAddSub },
  { mnemonic: 'fsubs', form: 'A', primary: 59, xo: 20, xoMask: A5, exec: fAddSub },
  { mnemonic: 'fmul', form: 'A', primary: 63, xo: 25, xoMask: A5, exec: fMul },
  { mnemonic: 'fmuls', form: 'A', primary: 59, xo: 25, xoMask: A5, exec: fMul },
  { mnemonic: 'fdiv', form: 'A', primary: 63, xo: 18, xoMask: A5, exec: fDiv },
  { mnemonic: 'fdivs', form: 'A', primary: 59, xo: 18, xoMask: A5, exec: fDiv },
  { mnemonic: 'fsqrt', form: 'A', primary: 63, xo: 22, xoMask: A5, exec: fSqrt },
  { mnemonic: 'fsqrts', form: 'A', primary: 59, xo: 22, xoMask: A5, exec: fSqrt },
  { mnemonic: 'fre', form: 'A', primary: 63, xo: 24, xoMask: A5, exec: fRe },
  { mnemonic: 'fres', form: 'A', primary: 59, xo: 24, xoMask: A5, exec: fRe },
  { mnemonic: 'frsqrte', form: 'A', primary: 63, xo: 26, xoMask: A5, exec: fRsqrte },
  { mnemonic: 'frsqrtes', form: 'A', primary: 59, xo: 26, xoMask: A5, exec: fRsqrte },
  { mnemonic: 'fsel', form: 'A', primary: 63, xo: 23, xoMask: A5, exec: fSel },
  { mnemonic: 'fmsub', form: 'A', primary: 63, xo: 28, xoMask: A5, exec: fMulAdd },
  { mnemonic: 'fmsubs', form: 'A', primary: 59, xo: 28, xoMask: A5, exec: fMulAdd },
  { mnemonic: 'fmadd', form: 'A', primary: 63, xo: 29, xoMask: A5, exec: fMulAdd },
  { mnemonic: 'fmadds', form: 'A', primary: 59, xo: 29, xoMask: A5, exec: fMulAdd },
  { mnemonic: 'fnmsub', form: 'A', primary: 63, xo: 30, xoMask: A5, exec: fMulAdd },
  { mnemonic: 'fnmsubs', form: 'A', primary: 59, xo: 30, xoMask: A5, exec: fMulAdd },
  { mnemonic: 'fnmadd', form: 'A', primary: 63, xo: 31, xoMask: A5, exec: fMulAdd },
  { mnemonic: 'fnmadds', form: 'A', primary: 59, xo: 31, xoMask: A5, exec: fMulAdd },

  // rounding and conversion (4.6.7)
  { mnemonic: 'frsp', form: 'X', primary: 63, xo: 12, exec: fRsp },
  { mnemonic: 'fctiw', form: 'X', primary: 63, xo: 14, exec: fCti },
  { mnemonic: 'fctiwz', form: 'X', primary: 63, xo: 15, exec: fCti },
  { mnemonic: 'fctiwu', form: 'X', primary: 63, xo: 142, exec: fCti },
  { mnemonic: 'fctiwuz', form: 'X', primary: 63, xo: 143, exec: fCti },
  { mnemonic: 'fctid', form: 'X', primary: 63, xo: 814, exec: fCti },
  { mnemonic: 'fctidz', form: 'X', primary: 63, xo: 815, exec: fCti },
  { mnemonic: 'fctidu', form: 'X', primary: 63, xo: 942, exec: fCti },
  { mnemonic: 'fctiduz', form: 'X', primary: 63, xo: 943, exec: fCti },
  { mnemonic: 'fcfid', form: 'X', primary: 63, xo: 846, exec: fCfid },
  { mnemonic: 'fcfidu', form: 'X', primary: 63, xo: 974, exec: fCfid },
  { mnemonic: 'fcfids', form: 'X', primary: 59, xo: 846, exec: fCfid },
  { mnemonic: 'fcfidus', form: 'X', primary: 59, xo: 974, exec: fCfid },
  { mnemonic: 'frin', form: 'X', primary: 63, xo: 392, exec: fRi },
  { mnemonic: 'friz', form: 'X', primary: 63, xo: 424, exec: fRi },
  { mnemonic: 'frip', form: 'X', primary: 63, xo: 456, exec: fRi },
  { mnemonic: 'frim', form: 'X', primary: 63, xo: 488, exec: fRi },

  // compare and test (4.6.8)
  { mnemonic: 'fcmpu', form: 'X', primary: 63, xo: 0, exec: fCmp },
  { mnemonic: 'fcmpo', form: 'X', primary: 63, xo: 32, exec: fCmp },
  { mnemonic: 'ftdiv', form: 'X', primary: 63, xo: 128, exec: fTdiv },
  { mnemonic: 'ftsqrt', form: 'X', primary: 63, xo: 160, exec: fTsqrt },

  // FPSCR (4.6.10); mffs's row also holds mffsce/mffscdrn/mffscdrni/mffscrn/mffscrni/mffsl
  { mnemonic: 'mffs', form: 'X', primary: 63, xo: 583, exec: mffsFamily },
  { mnemonic: 'mcrfs', form: 'X', primary: 63, xo: 64, exec: mcrfs },
  { mnemonic: 'mtfsfi', form: 'X', primary: 63, xo: 134, exec: mtfsfi },
  { mnemonic: 'mtfsf', form: 'XFL', primary: 63, xo: 711, exec: mtfsf },
  { mnemonic: 'mtfsb0', form: 'X', primary: 63, xo: 70, exec: mtfsb },
  { mnemonic: 'mtfsb1', form: 'X', primary: 63, xo: 38, exec: mtfsb },
];

/**
 * The forms that share mffs's decode row, by the value of the RA field (bits
 * 16..20); any other value is an illegal instruction (as in QEMU 7.2).
 */
export const mffsForms: Readonly<Record<number, string>> = {
  0: 'mffs', 1: 'mffsce', 20: 'mffscdrn', 21: 'mffscdrni', 22: 'mffscrn', 23: 'mffscrni', 24: 'mffsl',
};
