import type { InstructionDef } from '../../decode/instruction.js';
import { fieldBits, isaBits } from '../../decode/field-specs.js';
import { fAdd, fSub, fMul, fDiv, fSqrt, fRe, fRsqrte, fSel } from './arith.js';
import { fMadd, fMsub, fNmadd, fNmsub } from './fma.js';
import {
  fRsp, fctiw, fctiwz, fctiwu, fctiwuz, fctid, fctidz, fctidu, fctiduz,
  fcfid, fcfidu, fcfids, fcfidus, frin, friz, frip, frim,
} from './convert.js';
import { fcmpu, fcmpo, fTdiv, fTsqrt } from './compare.js';
import { fmr, fneg, fabs, fnabs, fCpsgn, fmrgew, fmrgow } from './move.js';
import {
  lfs, lfsu, lfd, lfdu, lfsx, lfsux, lfdx, lfdux, stfs, stfsu, stfd, stfdu, stfsx, stfsux, stfdx, stfdux,
  lfiwax, lfiwzx, stfiwX, lfdp, stfdp, lfdpx, stfdpx,
} from './load-store.js';
import { mffsFamily, mcrfs, mtfsfi, mtfsf, mtfsb0, mtfsb1 } from './fpscr-insns.js';

const A5 = 0x1f; // A-form rows: 5-bit xo, FRC (or its reserved field) in the upper index bits

/*
 * Reserved bits (decode/instruction.ts `reserved`): the bits QEMU 7.2's decoder requires
 * to be zero for each row (its per-opcode invalid masks); a word with any set is an
 * illegal instruction. Pinned bit by bit by the FP_ILLEGAL_BITS vectors (vectors.test.ts).
 */
const RA = fieldBits('RA');
const FRB = fieldBits('RB');
const FRC = fieldBits('RC');
const FRA_FRC = fieldBits('RA', 'RC');
const RA_RB = fieldBits('RA', 'RB');
/** Rc=1 forms QEMU does not have. */
const RC1 = fieldBits('Rc');
/** fcmpu/fcmpo: the two bits after BF (ISA 9:10) and Rc. */
const CMP_X = isaBits('9:10 31');
/** lfdpx/stfdpx: an odd FRTp (its low bit, ISA 10) and Rc. */
const PAIR_X = isaBits('10 31');

/** Scalar floating point (Book I chapter 4). Rc=1 forms share their row. */
export const floatingPointDefs: InstructionDef[] = [
  // loads and stores (4.6.2, 4.6.3)
  { mnemonic: 'lfs', form: 'D', primary: 48, exec: lfs },
  { mnemonic: 'lfsu', form: 'D', primary: 49, exec: lfsu },
  { mnemonic: 'lfd', form: 'D', primary: 50, exec: lfd },
  { mnemonic: 'lfdu', form: 'D', primary: 51, exec: lfdu },
  { mnemonic: 'stfs', form: 'D', primary: 52, exec: stfs },
  { mnemonic: 'stfsu', form: 'D', primary: 53, exec: stfsu },
  { mnemonic: 'stfd', form: 'D', primary: 54, exec: stfd },
  { mnemonic: 'stfdu', form: 'D', primary: 55, exec: stfdu },
  { mnemonic: 'lfsx', form: 'X', primary: 31, xo: 535, exec: lfsx },
  { mnemonic: 'lfsux', form: 'X', primary: 31, xo: 567, exec: lfsux },
  { mnemonic: 'lfdx', form: 'X', primary: 31, xo: 599, exec: lfdx },
  { mnemonic: 'lfdux', form: 'X', primary: 31, xo: 631, exec: lfdux },
  { mnemonic: 'lfiwax', form: 'X', primary: 31, xo: 855, exec: lfiwax, reserved: RC1 },
  { mnemonic: 'lfiwzx', form: 'X', primary: 31, xo: 887, exec: lfiwzx, reserved: RC1 },
  { mnemonic: 'stfsx', form: 'X', primary: 31, xo: 663, exec: stfsx },
  { mnemonic: 'stfsux', form: 'X', primary: 31, xo: 695, exec: stfsux },
  { mnemonic: 'stfdx', form: 'X', primary: 31, xo: 727, exec: stfdx },
  { mnemonic: 'stfdux', form: 'X', primary: 31, xo: 759, exec: stfdux },
  { mnemonic: 'stfiwx', form: 'X', primary: 31, xo: 983, exec: stfiwX, reserved: RC1 },
  { mnemonic: 'lfdp', form: 'DS', primary: 57, xo: 0, exec: lfdp },
  { mnemonic: 'stfdp', form: 'DS', primary: 61, xo: 0, xoMask: 3, exec: stfdp },
  { mnemonic: 'lfdpx', form: 'X', primary: 31, xo: 791, exec: lfdpx, reserved: PAIR_X },
  { mnemonic: 'stfdpx', form: 'X', primary: 31, xo: 919, exec: stfdpx, reserved: PAIR_X },

  // moves (4.6.5)
  { mnemonic: 'fmr', form: 'X', primary: 63, xo: 72, exec: fmr, reserved: RA },
  { mnemonic: 'fneg', form: 'X', primary: 63, xo: 40, exec: fneg, reserved: RA },
  { mnemonic: 'fabs', form: 'X', primary: 63, xo: 264, exec: fabs, reserved: RA },
  { mnemonic: 'fnabs', form: 'X', primary: 63, xo: 136, exec: fnabs, reserved: RA },
  { mnemonic: 'fcpsgn', form: 'X', primary: 63, xo: 8, exec: fCpsgn },
  { mnemonic: 'fmrgew', form: 'X', primary: 63, xo: 966, exec: fmrgew, reserved: RC1 },
  { mnemonic: 'fmrgow', form: 'X', primary: 63, xo: 838, exec: fmrgow, reserved: RC1 },

  // arithmetic (4.6.6)
  { mnemonic: 'fadd', form: 'A', primary: 63, xo: 21, xoMask: A5, exec: fAdd, reserved: FRC },
  { mnemonic: 'fadds', form: 'A', primary: 59, xo: 21, xoMask: A5, exec: fAdd, reserved: FRC },
  { mnemonic: 'fsub', form: 'A', primary: 63, xo: 20, xoMask: A5, exec: fSub, reserved: FRC },
  { mnemonic: 'fsubs', form: 'A', primary: 59, xo: 20, xoMask: A5, exec: fSub, reserved: FRC },
  { mnemonic: 'fmul', form: 'A', primary: 63, xo: 25, xoMask: A5, exec: fMul, reserved: FRB },
  { mnemonic: 'fmuls', form: 'A', primary: 59, xo: 25, xoMask: A5, exec: fMul, reserved: FRB },
  { mnemonic: 'fdiv', form: 'A', primary: 63, xo: 18, xoMask: A5, exec: fDiv, reserved: FRC },
  { mnemonic: 'fdivs', form: 'A', primary: 59, xo: 18, xoMask: A5, exec: fDiv, reserved: FRC },
  { mnemonic: 'fsqrt', form: 'A', primary: 63, xo: 22, xoMask: A5, exec: fSqrt },
  { mnemonic: 'fsqrts', form: 'A', primary: 59, xo: 22, xoMask: A5, exec: fSqrt },
  { mnemonic: 'fre', form: 'A', primary: 63, xo: 24, xoMask: A5, exec: fRe, reserved: FRA_FRC },
  { mnemonic: 'fres', form: 'A', primary: 59, xo: 24, xoMask: A5, exec: fRe, reserved: FRA_FRC },
  { mnemonic: 'frsqrte', form: 'A', primary: 63, xo: 26, xoMask: A5, exec: fRsqrte, reserved: FRA_FRC },
  { mnemonic: 'frsqrtes', form: 'A', primary: 59, xo: 26, xoMask: A5, exec: fRsqrte, reserved: FRA_FRC },
  { mnemonic: 'fsel', form: 'A', primary: 63, xo: 23, xoMask: A5, exec: fSel },
  { mnemonic: 'fmsub', form: 'A', primary: 63, xo: 28, xoMask: A5, exec: fMsub },
  { mnemonic: 'fmsubs', form: 'A', primary: 59, xo: 28, xoMask: A5, exec: fMsub },
  { mnemonic: 'fmadd', form: 'A', primary: 63, xo: 29, xoMask: A5, exec: fMadd },
  { mnemonic: 'fmadds', form: 'A', primary: 59, xo: 29, xoMask: A5, exec: fMadd },
  { mnemonic: 'fnmsub', form: 'A', primary: 63, xo: 30, xoMask: A5, exec: fNmsub },
  { mnemonic: 'fnmsubs', form: 'A', primary: 59, xo: 30, xoMask: A5, exec: fNmsub },
  { mnemonic: 'fnmadd', form: 'A', primary: 63, xo: 31, xoMask: A5, exec: fNmadd },
  { mnemonic: 'fnmadds', form: 'A', primary: 59, xo: 31, xoMask: A5, exec: fNmadd },

  // rounding and conversion (4.6.7)
  { mnemonic: 'frsp', form: 'X', primary: 63, xo: 12, exec: fRsp, reserved: RA },
  { mnemonic: 'fctiw', form: 'X', primary: 63, xo: 14, exec: fctiw, reserved: RA },
  { mnemonic: 'fctiwz', form: 'X', primary: 63, xo: 15, exec: fctiwz, reserved: RA },
  { mnemonic: 'fctiwu', form: 'X', primary: 63, xo: 142, exec: fctiwu },
  { mnemonic: 'fctiwuz', form: 'X', primary: 63, xo: 143, exec: fctiwuz },
  { mnemonic: 'fctid', form: 'X', primary: 63, xo: 814, exec: fctid, reserved: RA },
  { mnemonic: 'fctidz', form: 'X', primary: 63, xo: 815, exec: fctidz, reserved: RA },
  { mnemonic: 'fctidu', form: 'X', primary: 63, xo: 942, exec: fctidu },
  { mnemonic: 'fctiduz', form: 'X', primary: 63, xo: 943, exec: fctiduz },
  { mnemonic: 'fcfid', form: 'X', primary: 63, xo: 846, exec: fcfid, reserved: RA },
  { mnemonic: 'fcfidu', form: 'X', primary: 63, xo: 974, exec: fcfidu },
  { mnemonic: 'fcfids', form: 'X', primary: 59, xo: 846, exec: fcfids },
  { mnemonic: 'fcfidus', form: 'X', primary: 59, xo: 974, exec: fcfidus },
  { mnemonic: 'frin', form: 'X', primary: 63, xo: 392, exec: frin, reserved: RA },
  { mnemonic: 'friz', form: 'X', primary: 63, xo: 424, exec: friz, reserved: RA },
  { mnemonic: 'frip', form: 'X', primary: 63, xo: 456, exec: frip, reserved: RA },
  { mnemonic: 'frim', form: 'X', primary: 63, xo: 488, exec: frim, reserved: RA },

  // compare and test (4.6.8)
  { mnemonic: 'fcmpu', form: 'X', primary: 63, xo: 0, exec: fcmpu, reserved: CMP_X },
  { mnemonic: 'fcmpo', form: 'X', primary: 63, xo: 32, exec: fcmpo, reserved: CMP_X },
  { mnemonic: 'ftdiv', form: 'X', primary: 63, xo: 128, exec: fTdiv, reserved: RC1 },
  { mnemonic: 'ftsqrt', form: 'X', primary: 63, xo: 160, exec: fTsqrt, reserved: RC1 },

  // FPSCR (4.6.10); mffs's row also holds mffsce/mffscdrn/mffscdrni/mffscrn/mffscrni/mffsl
  { mnemonic: 'mffs', form: 'X', primary: 63, xo: 583, exec: mffsFamily },
  { mnemonic: 'mcrfs', form: 'X', primary: 63, xo: 64, exec: mcrfs, reserved: isaBits('9:10 14:20 31') },
  { mnemonic: 'mtfsfi', form: 'X', primary: 63, xo: 134, exec: mtfsfi, reserved: isaBits('9:10 12:14 20') },
  { mnemonic: 'mtfsf', form: 'XFL', primary: 63, xo: 711, exec: mtfsf },
  { mnemonic: 'mtfsb0', form: 'X', primary: 63, xo: 70, exec: mtfsb0, reserved: RA_RB },
  { mnemonic: 'mtfsb1', form: 'X', primary: 63, xo: 38, exec: mtfsb1, reserved: RA_RB },
];

/**
 * The forms that share mffs's decode row, by the value of the RA field (bits
 * 16..20); any other value is an illegal instruction (as in QEMU 7.2).
 */
export const mffsForms: Readonly<Record<number, string>> = {
  0: 'mffs', 1: 'mffsce', 20: 'mffscdrn', 21: 'mffscdrni', 22: 'mffscrn', 23: 'mffscrni', 24: 'mffsl',
};
