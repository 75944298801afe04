import type { Cpu } from '../../cpu/cpu.js';
import { fRT, fRB } from '../fields.js';
import { illegal } from '../system.js';
import {
  status, pa, roundPartsF32, toInt, fromInt64, roundToInt,
  F_INVALID, F_INEXACT, F_INV_SNAN, R_ZERO, R_AWAY, R_UP, R_DOWN, CVT_W, CVT_WU, CVT_D, CVT_DU,
} from './softfloat.js';
import { W_FPSCR } from '../../state/layout.js';
import { beginOp, invalidOp, checkStatus, deferredTrap, deferredCode, fpEnabledException, VXSNAN, VXCVI } from './fpscr.js';
import { finishArith, unpackFpr, fprHi, fprLo, isSingle } from './common.js';

// frsp[.] FRT,FRB (X-form, Book I 4.6.7.1): round to single precision; RA must be 0
function fRsp(c: Cpu, w: number): number {
  if ((w & 0x1f0000) !== 0) return illegal(c, w);
  let fp = beginOp(c);
  unpackFpr(pa, c, fRB(w));
  roundPartsF32(pa);
  if ((status.flags & F_INV_SNAN) !== 0) fp = invalidOp(fp, VXSNAN, false);
  return finishArith(c, w, fRT(w), fp, true);
}

/** fcti* kind by xo >> 7 (xo 14/15, 142/143, 814/815, 942/943). */
const CTI_KIND = [CVT_W, CVT_WU, -1, -1, -1, -1, CVT_D, CVT_DU];

// fctiw[z][.] fctiwu[z][.] fctid[z][.] fctidu[z][.] FRT,FRB (X-form, Book I 4.6.7.2):
// convert to integer in FPSCR[RN] (or toward zero for the z forms); FPRF is not set.
// QEMU requires RA=0 for the signed forms only.
function fCti(c: Cpu, w: number): number {
  const xo = (w >>> 1) & 0x3ff;
  const kind = CTI_KIND[xo >>> 7]!;
  if ((kind === CVT_W || kind === CVT_D) && (w & 0x1f0000) !== 0) return illegal(c, w);
  let fp = beginOp(c);
  const b = fRB(w);
  toInt(fprHi(c, b), fprLo(c, b), kind, (xo & 1) !== 0 ? R_ZERO : status.mode);
  if ((status.flags & F_INVALID) !== 0) {
    if ((status.flags & F_INV_SNAN) !== 0) fp |= VXSNAN;
    fp = invalidOp(fp, VXCVI, true);
  }
  return finishArith(c, w, fRT(w), fp, false);
}

// fcfid[.] fcfidu[.] fcfids[.] fcfidus[.] FRT,FRB (X-form, Book I 4.6.7.2): convert a signed or
// unsigned doubleword; QEMU sets FPRF for fcfid only and requires RA=0 for fcfid only
function fCfid(c: Cpu, w: number): number {
  const unsigned = (w & 0x100) !== 0; // xo 974 vs 846
  const single = isSingle(w);
  if (!unsigned && !single && (w & 0x1f0000) !== 0) return illegal(c, w);
  const fp = beginOp(c);
  const b = fRB(w);
  fromInt64(fprHi(c, b), fprLo(c, b), !unsigned, single);
  if (deferredTrap(fp)) {
    // QEMU's helper checks the status itself: an enabled inexact interrupts before FRT is written
    c.r[W_FPSCR] = checkStatus(fp);
    return fpEnabledException(c, deferredCode(fp));
  }
  return finishArith(c, w, fRT(w), fp, !unsigned && !single);
}

/** Rounding mode of frin/friz/frip/frim by xo bits 6..5 (392, 424, 456, 488). */
const RI_MODE = [R_AWAY, R_ZERO, R_UP, R_DOWN];

// frin[.] friz[.] frip[.] frim[.] FRT,FRB (X-form, Book I 4.6.7.3): round to an integral value;
// like QEMU they never set XX and clear FI. RA must be 0
function fRi(c: Cpu, w: number): number {
  if ((w & 0x1f0000) !== 0) return illegal(c, w);
  let fp = beginOp(c);
  const b = fRB(w);
  roundToInt(fprHi(c, b), fprLo(c, b), RI_MODE[(w >>> 6) & 3]!);
  if ((status.flags & F_INV_SNAN) !== 0) fp = invalidOp(fp, VXSNAN, false);
  status.flags &= ~F_INEXACT;
  return finishArith(c, w, fRT(w), fp, true);
}

export { fRsp, fCti, fCfid, fRi };
