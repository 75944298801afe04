import type { Cpu } from '../../cpu/cpu.js';
import { Flow } from '../../decode/instruction.js';
import { W_FPSCR } from '../../state/layout.js';
import { fEO, fRMC, fR_Z23, fRc, fVRB, fVRT } from '../fields.js';
import { illegal } from '../system.js';
import {
  status, F_INVALID, F_INEXACT, F_INV_SNAN, R_NEAREST, R_ZERO, R_UP, R_DOWN, R_AWAY,
} from '../fp/softfloat.js';
import {
  beginOp, invalidOp, checkStatus, deferredTrap, deferredCode, fpEnabledException, fprfOf,
  FPE_FLTSUB, VXSNAN, VXCVI, VE, FR, FI, FPRF, FPRF_SHIFT,
} from '../fp/fpscr.js';
import { unpack128, roundPackFmt, fprf128, Cls, F64, F128, FX80, R_ODD, type Q } from '../fp/float128.js';
import { VR, quadToBig as toBig, bigToQuad as fromBig, q, qb, readVsr, writeVsr } from './vsr.js';

/*
 * Quad-precision conversions and roundings (Power ISA 3.0B Book I 7.6.1), as QEMU
 * 7.2's fpu_helper.c computes them: helper_XSCVQPDP (float128_to_float64, RO = round
 * to odd), helper_XSCVDPQP, VSX_CVT_FP_TO_INT_VECTOR (xscvqp[su][dw]z: toward zero,
 * the word forms sign- or zero-extended into doubleword 0), helper_XSCVSDQP/UDQP,
 * helper_xsrqpi and helper_xsrqpxp (float128_round_to_int, and a round trip through
 * floatx80 for 64-bit precision). Every result is built in a zeroed register: the
 * doubleword results leave doubleword 1 of VRT zero. Values are BigInts (float128.ts):
 * these are rare instructions.
 */

/** Doubleword 0 of VRT = x, doubleword 1 zero. */
function fromDw(x: bigint): void {
  q[0] = Number((x >> 32n) & 0xffffffffn) | 0; q[1] = Number(x & 0xffffffffn) | 0; q[2] = 0; q[3] = 0;
}

const QUIET128 = 1n << 111n;

/**
 * An SNaN source: VXSNAN; with VE=1 QEMU interrupts at once, before VRT is written
 * (float_invalid_op_vxsnan). Returns whether it did.
 */
function snanTrap(c: Cpu, fp: number): boolean {
  c.r[W_FPSCR] = invalidOp(fp, VXSNAN, false);
  return (fp & VE) !== 0;
}

/** Writes VRT (from q) and FPRF, then the status check with FI changed (do_float_check_status). */
function finish(c: Cpu, w: number, fp: number, fprf: number): number {
  writeVsr(c.r, VR(fVRT(w)), q);
  fp = (fp & ~FPRF) | (fprf << FPRF_SHIFT);
  c.r[W_FPSCR] = checkStatus(fp);
  return deferredTrap(fp) ? fpEnabledException(c, deferredCode(fp)) : Flow.Next;
}

/** xscvqpdp[o] VRT,VRB: binary128 to binary64 in FPSCR[RN], or to odd (RO, ISA bit 31). */
function xscvqpdp(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRB(w)), qb);
  let fp = beginOp(c);
  const a = unpack128(toBig(qb));
  let r: bigint;
  switch (a.cls) {
    case Cls.Zero: r = BigInt(a.sign) << 63n; break;
    case Cls.Inf: r = (BigInt(a.sign) << 63n) | (0x7ffn << 52n); break;
    case Cls.QNaN: case Cls.SNaN:
      // the top of the payload, quieted
      r = (BigInt(a.sign) << 63n) | (0x7ffn << 52n) | (1n << 51n) | (a.sig >> 60n);
      if (a.cls === Cls.SNaN) {
        status.flags |= F_INVALID | F_INV_SNAN;
        if (snanTrap(c, fp)) return fpEnabledException(c, FPE_FLTSUB);
        fp = c.r[W_FPSCR]!;
      }
      break;
    default: r = roundPackFmt(a.sign, a.sig, a.exp, fRc(w) !== 0 ? R_ODD : status.mode, F64);
  }
  fromDw(r);
  return finish(c, w, fp, fprfOf(q[0]!, q[1]!));
}

/** xscvdpqp VRT,VRB: doubleword 0 of VR VRB widened to binary128 (exact). */
function xscvdpqp(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRB(w)), qb);
  let fp = beginOp(c);
  const hi = qb[0]!, lo = qb[1]!;
  const sign = BigInt(hi >>> 31) << 127n, e = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo >>> 0);
  let r: bigint;
  if (e === 0x7ff) {
    r = sign | (0x7fffn << 112n) | (frac << 60n);
    if (frac !== 0n && (hi & 0x80000) === 0) {
      r |= QUIET128;
      status.flags |= F_INVALID | F_INV_SNAN;
      if (snanTrap(c, fp)) return fpEnabledException(c, FPE_FLTSUB);
      fp = c.r[W_FPSCR]!;
    }
  } else if (e === 0 && frac === 0n) {
    r = sign;
  } else {
    r = roundPackFmt(hi >>> 31, e === 0 ? frac : frac | (1n << 52n), (e === 0 ? 1 : e) - 1023 - 52, R_NEAREST, F128);
  }
  fromBig(r);
  return finish(c, w, fp, fprf128(r));
}

/** The integer formats of xscvqp[su][dw]z: bits, signedness, QEMU's result for a NaN. */
interface IntFmt { readonly bits: bigint; readonly signed: boolean; readonly nan: bigint }
const SD: IntFmt = { bits: 64n, signed: true, nan: 1n << 63n };
const SW: IntFmt = { bits: 32n, signed: true, nan: 0xffffffff80000000n };
const UD: IntFmt = { bits: 64n, signed: false, nan: 0n };
const UW: IntFmt = { bits: 32n, signed: false, nan: 0n };

/**
 * float128_to_[u]int{32,64}_round_to_zero: the doubleword (two's complement, 64 bits)
 * and softfloat's flags; `cvti` is float_flag_invalid_cvti (infinity or out of range:
 * the saturated value), an invalid without it is a NaN.
 */
function toInt(a: Q, f: IntFmt): { v: bigint; cvti: boolean } {
  const max = f.signed ? (1n << (f.bits - 1n)) - 1n : (1n << f.bits) - 1n;
  const min = f.signed ? -(1n << (f.bits - 1n)) : 0n;
  const range = (neg: boolean): { v: bigint; cvti: boolean } => {
    status.flags |= F_INVALID;
    return { v: neg ? min : max, cvti: true };
  };
  switch (a.cls) {
    case Cls.QNaN: case Cls.SNaN:
      status.flags |= F_INVALID | (a.cls === Cls.SNaN ? F_INV_SNAN : 0);
      return { v: max, cvti: false };
    case Cls.Inf: return range(a.sign !== 0);
    case Cls.Zero: return { v: 0n, cvti: false };
    default: {
      let mag: bigint;
      let inexact = false;
      if (a.exp >= 0) mag = a.sig << BigInt(a.exp);
      else if (a.exp <= -113) { mag = 0n; inexact = true; } else { // sig has at most 113 bits
        mag = a.sig >> BigInt(-a.exp);
        inexact = (a.sig & ((1n << BigInt(-a.exp)) - 1n)) !== 0n;
      }
      const v = a.sign ? -mag : mag;
      if (v > max || v < min) return range(a.sign !== 0);
      if (inexact) status.flags |= F_INEXACT;
      return { v, cvti: false };
    }
  }
}

/** xscvqpsdz / xscvqpswz / xscvqpudz / xscvqpuwz VRT,VRB. */
function xscvqpInt(c: Cpu, w: number, f: IntFmt): number {
  readVsr(c.r, VR(fVRB(w)), qb);
  let fp = beginOp(c);
  const r = toInt(unpack128(toBig(qb)), f);
  let v = r.v;
  if ((status.flags & F_INVALID) !== 0) {
    // float_invalid_cvt: VXSNAN too for an SNaN, FR and FI cleared, FPCC kept
    if ((status.flags & F_INV_SNAN) !== 0) fp |= VXSNAN;
    fp = invalidOp(fp, VXCVI, false) & ~(FR | FI);
    if ((fp & VE) !== 0) { c.r[W_FPSCR] = fp; return fpEnabledException(c, FPE_FLTSUB); }
    if (!r.cvti) v = f.nan;
  }
  fromDw(BigInt.asUintN(64, v));
  writeVsr(c.r, VR(fVRT(w)), q);
  c.r[W_FPSCR] = checkStatus(fp);
  return deferredTrap(fp) ? fpEnabledException(c, deferredCode(fp)) : Flow.Next;
}

/** xscvsdqp / xscvudqp VRT,VRB: doubleword 0 of VR VRB, a signed or unsigned integer, to binary128 (exact). */
function xscvIntQp(c: Cpu, w: number, signed: boolean): number {
  readVsr(c.r, VR(fVRB(w)), qb);
  const fp = beginOp(c);
  const raw = (BigInt(qb[0]! >>> 0) << 32n) | BigInt(qb[1]! >>> 0);
  const v = signed ? BigInt.asIntN(64, raw) : raw;
  const r = v === 0n ? 0n : roundPackFmt(v < 0n ? 1 : 0, v < 0n ? -v : v, 0, R_NEAREST, F128);
  fromBig(r);
  return finish(c, w, fp, fprf128(r));
}

/** X-form primary 63 xo 836: the conversions, by the EO field (ISA bits 11:15). */
export const quad836Forms: Readonly<Record<number, string>> = {
  1: 'xscvqpuwz', 2: 'xscvudqp', 9: 'xscvqpswz', 10: 'xscvsdqp', 17: 'xscvqpudz', 20: 'xscvqpdp', 22: 'xscvdpqp', 25: 'xscvqpsdz',
};

/** The xo-836 row: ISA bit 31 is RO for xscvqpdp and reserved for the others (as QEMU 7.2 checks it). */
export function quad836(c: Cpu, w: number): number {
  const sel = fEO(w);
  if (sel === 20) return xscvqpdp(c, w);
  if (fRc(w) !== 0) return illegal(c, w);
  switch (sel) {
    case 1: return xscvqpInt(c, w, UW);
    case 2: return xscvIntQp(c, w, false);
    case 9: return xscvqpInt(c, w, SW);
    case 10: return xscvIntQp(c, w, true);
    case 17: return xscvqpInt(c, w, UD);
    case 22: return xscvdpqp(c, w);
    case 25: return xscvqpInt(c, w, SD);
    default: return illegal(c, w);
  }
}

/**
 * The rounding mode of xsrqpi[x]/xsrqpxp from R (ISA bit 15) and RMC (ISA bits 21:22)
 * as QEMU 7.2's helpers choose it: R=1 selects nearest-even, toward zero, +inf, -inf;
 * R=0 RMC=0 ties away from zero; R=0 with RMC 1 or 2 (reserved combinations) leave
 * QEMU's mode variable at 0, round to nearest even. R=0 RMC=3 means FPSCR[RN] (ISA
 * 3.0B 7.6.1), but QEMU hands the RN encoding to softfloat unchanged, where 1 and 3
 * name the other directed modes (float_round_down = 1, float_round_to_zero = 3): RN=1
 * (toward zero) rounds toward -inf and RN=3 (toward -inf) toward zero. hvstep does the
 * same, QEMU being the reference (no upstream change of this was found).
 */
const RN_AS_SOFTFLOAT: readonly number[] = [R_NEAREST, R_DOWN, R_UP, R_ZERO];
function roundMode(w: number): number {
  const rmc = fRMC(w);
  if (fR_Z23(w) !== 0) return rmc === 0 ? R_NEAREST : rmc === 1 ? R_ZERO : rmc === 2 ? R_UP : R_DOWN;
  if (rmc === 0) return R_AWAY;
  return rmc === 3 ? RN_AS_SOFTFLOAT[status.mode]! : R_NEAREST;
}

/**
 * xsrqpi[x] VRT,VRB,R,RMC (Z23-form): round to an integral value; XX and FI only
 * with EX (ISA bit 31). QEMU 7.2 checks the status before writing VRT, so an
 * enabled inexact interrupts with VRT unchanged.
 */
export function xsrqpi(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRB(w)), qb);
  let fp = beginOp(c);
  const mode = roundMode(w);
  const a = unpack128(toBig(qb));
  let r: bigint;
  switch (a.cls) {
    case Cls.Zero: case Cls.Inf: case Cls.QNaN: r = a.raw; break;
    case Cls.SNaN: r = a.raw | QUIET128; status.flags |= F_INVALID | F_INV_SNAN; break;
    default: {
      if (a.exp >= 0) { r = a.raw; break; }
      const s = BigInt(-a.exp);
      let m = a.sig >> s;
      const rem = a.sig & ((1n << s) - 1n), half = 1n << (s - 1n);
      if (rem !== 0n) {
        status.flags |= F_INEXACT;
        let inc: boolean;
        switch (mode) {
          case R_NEAREST: inc = rem > half || (rem === half && (m & 1n) === 1n); break;
          case R_AWAY: inc = rem >= half; break;
          case R_UP: inc = a.sign === 0; break;
          case R_DOWN: inc = a.sign !== 0; break;
          default: inc = false;
        }
        if (inc) m += 1n;
      }
      const flags = status.flags;
      r = m === 0n ? BigInt(a.sign) << 127n : roundPackFmt(a.sign, m, 0, R_NEAREST, F128);
      status.flags = flags;
    }
  }
  if ((status.flags & F_INV_SNAN) !== 0) {
    if (snanTrap(c, fp)) return fpEnabledException(c, FPE_FLTSUB);
    fp = c.r[W_FPSCR]!;
  }
  if (fRc(w) === 0) status.flags &= ~F_INEXACT;
  fp = (fp & ~FPRF) | (fprf128(r) << FPRF_SHIFT);
  c.r[W_FPSCR] = fp = checkStatus(fp);
  if (deferredTrap(fp)) return fpEnabledException(c, deferredCode(fp));
  fromBig(r);
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

/**
 * xsrqpxp VRT,VRB,R,RMC (Z23-form): round to 64-bit precision (QEMU: float128 to
 * floatx80 and back), keeping binary128's exponent range; a NaN keeps the top 63
 * bits of its payload, quieted.
 */
export function xsrqpxp(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRB(w)), qb);
  let fp = beginOp(c);
  const a = unpack128(toBig(qb));
  let r: bigint;
  switch (a.cls) {
    case Cls.Zero: case Cls.Inf: r = a.raw; break;
    case Cls.QNaN: case Cls.SNaN:
      r = (a.raw & ~((1n << 49n) - 1n)) | QUIET128;
      if (a.cls === Cls.SNaN) {
        status.flags |= F_INVALID | F_INV_SNAN;
        if (snanTrap(c, fp)) return fpEnabledException(c, FPE_FLTSUB);
        fp = c.r[W_FPSCR]!;
      }
      break;
    default: {
      const x = roundPackFmt(a.sign, a.sig, a.exp, roundMode(w), FX80);
      r = (BigInt(a.sign) << 127n) | (((x >> 63n) & 0x7fffn) << 112n) | ((x & ((1n << 63n) - 1n)) << 49n);
    }
  }
  fromBig(r & ((1n << 128n) - 1n));
  return finish(c, w, fp, fprf128(r));
}
