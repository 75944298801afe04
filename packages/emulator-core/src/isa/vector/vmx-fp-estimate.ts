import { status, out, roundPackFmt, FMT_F32 } from '../fp/softfloat.js';

/*
 * The values vexptefp and vlogefp deliver under QEMU 7.2: softfloat's float32_exp2 and
 * float32_log2 (fpu/softfloat.c), which the ISA allows as estimates (Book I 6.9.2.x:
 * "an estimate of 2^x / log2 x"). Software that checks results bit for bit against
 * QEMU needs exactly these algorithms, so they are reproduced here.
 *
 * float32_exp2 sums the Taylor series of e^(x ln 2) to 15 terms in softfloat's
 * unrounded 64-bit "parts" arithmetic: a product keeps the top 64 bits of the 128-bit
 * product with the rest jammed into bit 0, a multiply-add adds at 128 bits then jams
 * to 64. The 128-bit intermediates are BigInts: vexptefp is an estimate instruction
 * that no hot loop relies on, and 15 exact 64x64 multiply-adds per element in int32
 * pieces would be a second wide-integer library for one instruction.
 */

const M64 = (1n << 64n) - 1n;
const BIT63 = 1n << 63n;
const BIT127 = 1n << 127n;
const M128 = (1n << 128n) - 1n;

/** An unpacked nonzero finite value sign * frac * 2^(exp-63), frac bit 63 set; or zero. */
interface P64 { zero: boolean; sign: number; exp: number; frac: bigint }

/** frac >> n with the shifted-out bits ORed into bit 0. */
function shrJam(frac: bigint, n: number): bigint {
  if (n <= 0) return frac;
  if (n >= 128) return frac !== 0n ? 1n : 0n;
  const lost = frac & ((1n << BigInt(n)) - 1n);
  return (frac >> BigInt(n)) | (lost !== 0n ? 1n : 0n);
}

/** The double with bits `bits` unpacked (normal only). */
function fromDouble(bits: bigint): P64 {
  const e = Number((bits >> 52n) & 0x7ffn);
  return { zero: false, sign: Number(bits >> 63n), exp: e - 1023, frac: (((bits & ((1n << 52n) - 1n)) | (1n << 52n)) << 11n) };
}

/** softfloat parts_mul of two normal parts. */
function mul(a: P64, b: P64): P64 {
  const p = a.frac * b.frac;
  let frac = (p >> 64n) | ((p & M64) !== 0n ? 1n : 0n);
  let exp = a.exp + b.exp + 1;
  if ((frac & BIT63) === 0n) { frac = (frac << 1n) & M64; exp -= 1; }
  return { zero: false, sign: a.sign ^ b.sign, exp, frac };
}

/** softfloat parts_muladd a * b + c with a, b normal (round to nearest: an exact zero sum is +0). */
function muladd(a: P64, b: P64, c: P64): P64 {
  let sign = a.sign ^ b.sign;
  let exp = a.exp + b.exp + 1;
  let frac = a.frac * b.frac; // 128-bit, implicit bit at 127 or 126
  if ((frac & BIT127) === 0n) { frac <<= 1n; exp -= 1; }
  if (!c.zero) {
    let cf = c.frac << 64n;
    const diff = exp - c.exp;
    if (sign === c.sign) {
      if (diff > 0) cf = shrJam(cf, diff);
      else if (diff < 0) { frac = shrJam(frac, -diff); exp = c.exp; }
      frac += cf;
      if (frac > M128) { frac = shrJam(frac, 1); exp += 1; } // the carry becomes bit 127
    } else {
      if (diff > 0) { cf = shrJam(cf, diff); frac -= cf; }
      else if (diff < 0) { exp = c.exp; sign ^= 1; frac = cf - shrJam(frac, -diff); }
      else { frac -= cf; if (frac < 0n) { frac = -frac; sign ^= 1; } }
      if (frac === 0n) return { zero: true, sign: 0, exp: 0, frac: 0n };
      const shift = 128 - frac.toString(2).length;
      frac <<= BigInt(shift); exp -= shift;
    }
  }
  return { zero: false, sign, exp, frac: (frac >> 64n) | ((frac & M64) !== 0n ? 1n : 0n) };
}

const LN2 = fromDouble(0x3fe62e42fefa39efn);
/** 1/n! for n = 1..15 as doubles (correctly rounded: n! is exact in a double). */
const COEFFS: P64[] = [];
{
  const d = new Float64Array(1), u = new BigUint64Array(d.buffer);
  let f = 1;
  for (let n = 1; n <= 15; n++) { f *= n; d[0] = 1 / f; COEFFS.push(fromDouble(u[0]!)); }
}
const ONE: P64 = { zero: false, sign: 0, exp: 0, frac: BIT63 };

/** float32_exp2 of the float32 bits w, rounded to nearest (status.ftz flushes a tiny result). */
export function exp2F32(w: number): number {
  const e = (w >>> 23) & 0xff, f = w & 0x7fffff, sign = w >>> 31;
  if (e === 0xff) {
    if (f !== 0) return w | 0x400000; // NaN, quieted
    return sign ? 0 : w; // 2^-inf = +0, 2^+inf = +inf
  }
  if (e === 0 && f === 0) return 0x3f800000;
  let x: P64;
  if (e !== 0) x = { zero: false, sign, exp: e - 127, frac: BigInt(0x800000 | f) << 40n };
  else {
    const z = Math.clz32(f) - 8; // denormal: normalize
    x = { zero: false, sign, exp: -126 - z, frac: BigInt(f << z) << 40n };
  }
  x = mul(x, LN2);
  let xn = x, r = ONE;
  for (let i = 0; i < 15; i++) {
    r = muladd(COEFFS[i]!, xn, r);
    xn = mul(xn, x);
  }
  if (r.zero) return 0;
  const saved = status.flags;
  roundPackFmt(r.sign, r.exp, Number(r.frac >> 32n), Number(r.frac & 0xffffffffn), FMT_F32);
  status.flags = saved;
  return out.lo;
}

/** Leading-zero count of a nonzero 64-bit frac. */
const clz64 = (x: bigint): number => 64 - x.toString(2).length;

/** softfloat parts64 add_normal / sub_normal of magnitudes (a's sign kept or flipped), normalized. */
function addSub64(a: P64, b: P64, subtract: boolean): P64 {
  let { sign, exp, frac } = a;
  let bf = b.frac;
  const diff = exp - b.exp;
  if (!subtract) {
    if (diff > 0) bf = shrJam(bf, diff);
    else if (diff < 0) { frac = shrJam(frac, -diff); exp = b.exp; }
    frac += bf;
    if (frac > M64) { frac = shrJam(frac, 1); exp += 1; }
    return { zero: false, sign, exp, frac };
  }
  if (diff > 0) frac -= shrJam(bf, diff);
  else if (diff < 0) { exp = b.exp; sign ^= 1; frac = bf - shrJam(frac, -diff); }
  else { frac -= bf; if (frac < 0n) { frac = -frac; sign ^= 1; } }
  if (frac === 0n) return { zero: true, sign: 0, exp: 0, frac: 0n };
  const sh = clz64(frac);
  return { zero: false, sign, exp: exp - sh, frac: frac << BigInt(sh) };
}

/*
 * float32_log2 of QEMU 7.2 (softfloat-parts.c.inc parts_log2): the integer part from
 * the exponent; the fraction bits of log2(significand) by repeated squaring of a
 * 128-bit fixed-point significand (keeping the top 128 bits of each square), 25 bits
 * (48 for an operand in [0.5, 1)), restarting at the first 1 bit for an operand in
 * [1, 2); a sticky bit for what is left; then the two parts added in parts
 * arithmetic and rounded to float32. log2(±0) = -inf, log2(+inf) = +inf, a negative
 * operand gives the default NaN, a NaN is quieted.
 */
export function log2F32(w: number): number {
  const e = (w >>> 23) & 0xff, f = w & 0x7fffff, sign = w >>> 31;
  if (e === 0xff) {
    if (f !== 0) return w | 0x400000;
    return sign ? 0x7fc00000 : w;
  }
  if (e === 0 && f === 0) return 0xff800000 | 0;
  if (sign) return 0x7fc00000;
  let aExp: number, sig: bigint;
  if (e !== 0) { aExp = e - 127; sig = BigInt(0x800000 | f) << 40n; }
  else { const z = Math.clz32(f) - 8; aExp = -126 - z; sig = BigInt(f << z) << 40n; }
  let fExp = -1;
  let r = 0n, t = BIT63;
  let x = sig << 64n; // a0:a1
  const n = aExp === -1 ? 48 : 25;
  let exact = false;
  for (let i = 0; i < n; i++) {
    if (x === BIT127) { exact = true; break; }
    x = (x * x) >> 128n;
    if ((x & BIT127) !== 0n) {
      if (aExp === 0 && r === 0n) { fExp -= i; t = BIT63; r = BIT63; i = 0; }
      else r |= t;
    } else {
      x = (x << 1n) & M128;
    }
    t >>= 1n;
  }
  if (!exact && (x & ~BIT127) !== 0n) r |= 1n;
  // the integer part as parts (parts_sint_to_float)
  let a: P64 = { zero: true, sign: 0, exp: 0, frac: 0n };
  if (aExp !== 0) {
    const m = Math.abs(aExp), z = Math.clz32(m);
    a = { zero: false, sign: aExp < 0 ? 1 : 0, exp: 31 - z, frac: BigInt(m) << BigInt(32 + z) };
  }
  if (r !== 0n) {
    const sh = clz64(r);
    const fp: P64 = { zero: false, sign: 0, exp: fExp - sh, frac: r << BigInt(sh) };
    if (aExp < 0) a = addSub64(a, fp, true);
    else if (aExp > 0) a = addSub64(a, fp, false);
    else a = fp;
  }
  if (a.zero) return a.sign << 31;
  const saved = status.flags;
  roundPackFmt(a.sign, a.exp, Number(a.frac >> 32n), Number(a.frac & 0xffffffffn), FMT_F32);
  status.flags = saved;
  return out.lo;
}
