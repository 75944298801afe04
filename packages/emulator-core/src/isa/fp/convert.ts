import type { Cpu } from '../../cpu/cpu.js';
import type { Handler } from '../../decode/instruction.js';
import { fRT, fRB } from '../fields.js';
import {
  status, pa, roundPartsF32, toInt, fromInt64, roundToInt,
  F_INVALID, F_INEXACT, F_INV_SNAN, R_ZERO, R_AWAY, R_UP, R_DOWN, CVT_W, CVT_WU, CVT_D, CVT_DU,
} from './softfloat.js';
import { W_FPSCR } from '../../state/layout.js';
import { beginOp, invalidOp, checkStatus, deferredTrap, deferredCode, fpEnabledException, VXSNAN, VXCVI } from './fpscr.js';
import { finishArith, unpackFpr, fprHi, fprLo } from './common.js';

// frsp[.] FRT,FRB (X-form, Book I 4.6.7.1): round to single precision; RA is reserved (the row's mask)
function fRsp(c: Cpu, w: number): number {
  let fp = beginOp(c);
  unpackFpr(pa, c, fRB(w));
  roundPartsF32(pa);
  if ((status.flags & F_INV_SNAN) !== 0) fp = invalidOp(fp, VXSNAN, false);
  return finishArith(c, w, fRT(w), fp, true);
}

// fctiw[z][.] fctiwu[z][.] fctid[z][.] fctidu[z][.] FRT,FRB (X-form, Book I 4.6.7.2):
// convert to integer in FPSCR[RN] (or toward zero for the z forms); FPRF is not set.
// QEMU requires RA=0 for the signed forms only (their rows' mask). One handler per row,
// made once: `kind` is the softfloat conversion, `toZero` the z forms.
const fCti = (kind: number, toZero: boolean): Handler => (c: Cpu, w: number): number => {
  let fp = beginOp(c);
  const b = fRB(w);
  toInt(fprHi(c, b), fprLo(c, b), kind, toZero ? R_ZERO : status.mode);
  if ((status.flags & F_INVALID) !== 0) {
    if ((status.flags & F_INV_SNAN) !== 0) fp |= VXSNAN;
    fp = invalidOp(fp, VXCVI, true);
  }
  return finishArith(c, w, fRT(w), fp, false);
};
const fctiw = fCti(CVT_W, false), fctiwz = fCti(CVT_W, true), fctiwu = fCti(CVT_WU, false), fctiwuz = fCti(CVT_WU, true);
const fctid = fCti(CVT_D, false), fctidz = fCti(CVT_D, true), fctidu = fCti(CVT_DU, false), fctiduz = fCti(CVT_DU, true);

// fcfid[.] fcfidu[.] fcfids[.] fcfidus[.] FRT,FRB (X-form, Book I 4.6.7.2): convert a signed or
// unsigned doubleword; QEMU sets FPRF for fcfid only and requires RA=0 for fcfid only (its
// row's mask). One handler per row, made once.
const fCfid = (unsigned: boolean, single: boolean): Handler => (c: Cpu, w: number): number => {
  const fp = beginOp(c);
  const b = fRB(w);
  fromInt64(fprHi(c, b), fprLo(c, b), !unsigned, single);
  if (deferredTrap(fp)) {
    // QEMU's helper checks the status itself: an enabled inexact interrupts before FRT is written
    c.r[W_FPSCR] = checkStatus(fp);
    return fpEnabledException(c, deferredCode(fp));
  }
  return finishArith(c, w, fRT(w), fp, !unsigned && !single);
};
const fcfid = fCfid(false, false), fcfidu = fCfid(true, false), fcfids = fCfid(false, true), fcfidus = fCfid(true, true);

// frin[.] friz[.] frip[.] frim[.] FRT,FRB (X-form, Book I 4.6.7.3): round to an integral value;
// like QEMU they never set XX and clear FI. RA is reserved (the rows' mask). One handler per
// row, made once, with its softfloat rounding mode.
const fRi = (mode: number): Handler => (c: Cpu, w: number): number => {
  let fp = beginOp(c);
  const b = fRB(w);
  roundToInt(fprHi(c, b), fprLo(c, b), mode);
  if ((status.flags & F_INV_SNAN) !== 0) fp = invalidOp(fp, VXSNAN, false);
  status.flags &= ~F_INEXACT;
  return finishArith(c, w, fRT(w), fp, true);
};
const frin = fRi(R_AWAY), friz = fRi(R_ZERO), frip = fRi(R_UP), frim = fRi(R_DOWN);

export {
  fRsp, fctiw, fctiwz, fctiwu, fctiwuz, fctid, fctidz, fctidu, fctiduz,
  fcfid, fcfidu, fcfids, fcfidus, frin, friz, frip, frim,
};
