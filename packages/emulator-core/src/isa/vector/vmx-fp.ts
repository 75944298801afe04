import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_VSCR } from '../../state/layout.js';
import { fRc_VC, fVRA, fVRB, fVRC, fVRT } from '../fields.js';
import { setCrField } from '../registers.js';
import {
  status, out, pa, pb, pc, unpack, singleToDouble, addsub, div, sqrt, muladd, roundToInt, pickNaN2,
  R_NEAREST, R_ZERO, R_UP, R_DOWN, type Parts,
} from '../fp/softfloat.js';
import { VR, q, qa, qb, qc, readVsr, writeVsr } from './vsr.js';
import { setSat } from './vmx-elem.js';
import { exp2F32, log2F32 } from './vmx-fp-estimate.js';

/*
 * VMX floating point (Power ISA 3.0B Book I 6.9.2) on the four single-precision word
 * elements, as QEMU 7.2 computes them (target/ppc/int_helper.c: VARITHFP, VARITHFPFMA,
 * helper_vrefp, helper_vrsqrtefp, helper_vexptefp, helper_vlogefp, VRFI, VCF, VCT,
 * VCMPFP_DO, vcmpbfp_internal) with its vec_status: round to nearest even whatever
 * FPSCR[RN] says, no FPSCR effects (the flags are discarded), PowerPC NaN rules
 * (default NaN 0x7FC00000), and VSCR[NJ] as QEMU 7.2 honours it (measured with
 * difftest): denormal operands are read as zeros of their sign and tiny results
 * become a signed zero (softfloat's flush_inputs_to_zero and flush_to_zero). The estimates are QEMU's exact values: 1/x and 1/sqrt(x) correctly
 * rounded (sqrt rounded first), 2^x and log2(x) by softfloat's float32_exp2/log2.
 */

/** Host views to read finite float32 values (never used to make NaN bits). */
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
const f32 = (w: number): number => { U32[0] = w; return F32[0]!; };
const bitsOf = (v: number): number => { F32[0] = v; return U32[0]! | 0; };

const isNaN32 = (w: number): boolean => (w & 0x7f800000) === 0x7f800000 && (w & 0x7fffff) !== 0;
/** A float32 denormal (nonzero, exponent field 0). */
const isDenormal32 = (w: number): boolean => (w & 0x7f800000) === 0 && (w & 0x7fffff) !== 0;
/** A float32 operand as softfloat reads it: a denormal is a signed zero under VSCR[NJ]. */
const squash = (w: number, nj: boolean): number => (nj && isDenormal32(w) ? w & 0x80000000 : w);
const njOf = (c: Cpu): boolean => (c.r[W_VSCR]! & 0x10000) !== 0;

/** Unpacks float32 bits into p (through their exact double). */
function unpack32(p: Parts, w: number): void {
  singleToDouble(w);
  unpack(p, out.hi, out.lo);
}

/** The float32 bits of `out`, a double-format value that a float32 holds exactly. */
function outToF32(): number {
  const hi = out.hi, lo = out.lo;
  const sign = hi & 0x80000000;
  const e = (hi >>> 20) & 0x7ff;
  const f23 = ((hi & 0xfffff) << 3) | (lo >>> 29);
  if (e === 0x7ff) return sign | 0x7f800000 | f23;
  if (e === 0) return sign;
  if (e >= 897) return sign | ((e - 896) << 23) | f23;
  return sign | ((0x800000 | f23) >>> (897 - e));
}

/** Saved float_status of the FPU while a VMX instruction runs. */
const saved = { flags: 0, mode: 0, rebiasO: false, rebiasU: false };
/** Switches the softfloat core to QEMU's vec_status: nearest, no rebias, NJ flush. */
function enter(c: Cpu): void {
  saved.flags = status.flags; saved.mode = status.mode; saved.rebiasO = status.rebiasO; saved.rebiasU = status.rebiasU;
  status.mode = R_NEAREST; status.rebiasO = false; status.rebiasU = false;
  status.ftz = njOf(c);
}
function leave(): void {
  status.flags = saved.flags; status.mode = saved.mode; status.rebiasO = saved.rebiasO; status.rebiasU = saved.rebiasU;
  status.ftz = false;
}

const enum Op { Add, Sub, Max, Min, Madd, Nmsub, Re, Rsqrte, Expte, Loge, Rfin, Rfiz, Rfip, Rfim }

/** max (isMax) or min of two non-NaN float32s, QEMU's parts_minmax: -0 < +0, ties give a. */
function minmax(a: number, b: number, isMax: boolean): number {
  const fa = f32(a), fb = f32(b);
  let takeA: boolean;
  if (fa === fb) takeA = fa !== 0 || (a >>> 31) === (b >>> 31) ? true : isMax ? (a >>> 31) === 0 : (a >>> 31) !== 0;
  else takeA = isMax ? fa > fb : fa < fb;
  return takeA ? a : b;
}

/** One element of an arithmetic operation; a, b, c are float32 bits. */
function element(op: Op, a: number, b: number, c: number, nj: boolean): number {
  switch (op) {
    case Op.Add: case Op.Sub:
      unpack32(pa, a); unpack32(pb, b); addsub(pa, pb, op === Op.Sub ? 1 : 0, true); return outToF32();
    case Op.Max: case Op.Min: {
      if (isNaN32(a) || isNaN32(b)) { unpack32(pa, a); unpack32(pb, b); pickNaN2(pa, pb, true); return outToF32(); }
      const r = minmax(a, b, op === Op.Max);
      return nj && isDenormal32(r) ? r & 0x80000000 : r;
    }
    case Op.Madd: case Op.Nmsub:
      // float32_muladd(VRA, VRC, VRB); vnmsubfp negates the addend and the result
      unpack32(pa, a); unpack32(pc, c); unpack32(pb, b);
      muladd(pa, pc, pb, op === Op.Nmsub ? 1 : 0, op === Op.Nmsub ? 1 : 0, true);
      return outToF32();
    case Op.Re:
      unpack32(pa, 0x3f800000); unpack32(pb, b); div(pa, pb, true); return outToF32();
    case Op.Rsqrte: {
      unpack32(pb, b); sqrt(pb, true);
      const t = outToF32();
      unpack32(pa, 0x3f800000); unpack32(pb, t); div(pa, pb, true); return outToF32();
    }
    case Op.Expte: return exp2F32(b);
    case Op.Loge: return log2F32(b);
    default: {
      // float32_round_to_int: an integral value, never tiny; NaNs quieted
      singleToDouble(b);
      const mode = op === Op.Rfin ? R_NEAREST : op === Op.Rfiz ? R_ZERO : op === Op.Rfip ? R_UP : R_DOWN;
      roundToInt(out.hi, out.lo, mode);
      return outToF32();
    }
  }
}

/** VRT = op(VRA, VRB[, VRC]) element-wise. */
function arith(op: Op): Handler {
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb); readVsr(c.r, VR(fVRC(w)), qc);
    enter(c);
    const nj = status.ftz;
    for (let i = 0; i < 4; i++) q[i] = element(op, squash(qa[i]!, nj), squash(qb[i]!, nj), squash(qc[i]!, nj), nj);
    leave();
    writeVsr(c.r, VR(fVRT(w)), q);
    return Flow.Next;
  };
}

export const vaddfp = arith(Op.Add), vsubfp = arith(Op.Sub), vmaxfp = arith(Op.Max), vminfp = arith(Op.Min);
export const vmaddfp = arith(Op.Madd), vnmsubfp = arith(Op.Nmsub);
export const vrefp = arith(Op.Re), vrsqrtefp = arith(Op.Rsqrte), vexptefp = arith(Op.Expte), vlogefp = arith(Op.Loge);
export const vrfin = arith(Op.Rfin), vrfiz = arith(Op.Rfiz), vrfip = arith(Op.Rfip), vrfim = arith(Op.Rfim);

/*
 * vcfux vcfsx VRT,VRB,UIM: int32_to_float32 (rounded to nearest) then scaled by
 * 2^-UIM; UIM <= 31 keeps the scaled value normal, so the scaling is exact.
 */
function convertFrom(signed: boolean): Handler {
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRB(w)), qb);
    const scale = 2 ** -fVRA(w);
    for (let i = 0; i < 4; i++) q[i] = bitsOf(Math.fround(signed ? qb[i]! : qb[i]! >>> 0) * scale);
    writeVsr(c.r, VR(fVRT(w)), q);
    return Flow.Next;
  };
}
export const vcfux = convertFrom(false), vcfsx = convertFrom(true);

/*
 * vctuxs vctsxs VRT,VRB,UIM: element * 2^UIM truncated to an integer (exact in a host
 * double), saturated to uint32/int32 with VSCR[SAT]; a NaN gives 0 without SAT.
 */
function convertTo(signed: boolean): Handler {
  const lo = signed ? -2147483648 : 0, hi = signed ? 2147483647 : 4294967295;
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRB(w)), qb);
    const scale = 2 ** fVRA(w);
    let sat = false;
    for (let i = 0; i < 4; i++) {
      const b = qb[i]!;
      if (isNaN32(b)) { q[i] = 0; continue; }
      let v = Math.trunc(f32(b) * scale);
      if (v < lo) { v = lo; sat = true; } else if (v > hi) { v = hi; sat = true; }
      q[i] = v | 0;
    }
    writeVsr(c.r, VR(fVRT(w)), q);
    if (sat) setSat(c);
    return Flow.Next;
  };
}
export const vctuxs = convertTo(false), vctsxs = convertTo(true);

const enum Cmp { Eq, Ge, Gt }

/** vcmpeqfp vcmpgefp vcmpgtfp[.]: quiet compares, false when unordered; CR6 as the integer compares. */
function compare(cmp: Cmp): Handler {
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
    const nj = njOf(c);
    let all = true, none = true;
    for (let i = 0; i < 4; i++) {
      const a = f32(squash(qa[i]!, nj)), b = f32(squash(qb[i]!, nj));
      const t = cmp === Cmp.Eq ? a === b : cmp === Cmp.Ge ? a >= b : a > b;
      q[i] = t ? -1 : 0;
      if (t) none = false; else all = false;
    }
    writeVsr(c.r, VR(fVRT(w)), q);
    if (fRc_VC(w) !== 0) setCrField(c, 6, (all ? 8 : 0) | (none ? 2 : 0));
    return Flow.Next;
  };
}
export const vcmpeqfp = compare(Cmp.Eq), vcmpgefp = compare(Cmp.Ge), vcmpgtfp = compare(Cmp.Gt);

/**
 * vcmpbfp[.]: bit 0 set when not a <= b, bit 1 when not a >= -b (both set when
 * unordered); with Rc, CR6 = 0b0010 when every element is within bounds.
 */
export function vcmpbfp(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  const nj = njOf(c);
  let allIn = true;
  for (let i = 0; i < 4; i++) {
    const a = f32(squash(qa[i]!, nj)), b = f32(squash(qb[i]!, nj));
    if (a !== a || b !== b) { q[i] = 0xc0000000 | 0; allIn = false; continue; }
    const r = (a <= b ? 0 : 0x80000000) | (a >= -b ? 0 : 0x40000000);
    q[i] = r | 0;
    if (r !== 0) allIn = false;
  }
  writeVsr(c.r, VR(fVRT(w)), q);
  if (fRc_VC(w) !== 0) setCrField(c, 6, allIn ? 2 : 0);
  return Flow.Next;
}
