/**
 * An exact reference for IEEE binary64/binary32 arithmetic, written the slow and
 * obvious way with BigInt rationals: the result is the exact value rounded once.
 * Tests compare the softfloat core (which has to be fast and allocation-free)
 * against it. Finite operands only; tininess is detected before rounding.
 */

export interface RefResult {
  /** Double bits of the result (a single result in double format). */
  bits: bigint;
  inexact: boolean;
  overflow: boolean;
  underflow: boolean;
}

/** A finite double as sign * m * 2^e. */
export interface Dyadic { sign: number; m: bigint; e: number }

export function decode(bits: bigint): Dyadic {
  const sign = Number(bits >> 63n);
  const ex = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  if (ex === 0x7ff) throw new Error('not finite');
  if (ex === 0) return { sign, m: frac, e: -1074 };
  return { sign, m: frac | (1n << 52n), e: ex - 1075 };
}

const bitLength = (x: bigint): number => x.toString(2).length;

/** Pack sign * q * 2^e (q < 2^53 and the value in double range, or a single value) into double bits. */
function packDouble(sign: number, q: bigint, e: number): bigint {
  const s = BigInt(sign) << 63n;
  if (q === 0n) return s;
  // normalize q to 53 bits when possible
  let len = bitLength(q);
  while (len < 53 && e > -1074) { q <<= 1n; e--; len++; }
  if (len < 53) return s | q; // double denormal (e == -1074)
  return s | (BigInt(e + 1075) << 52n) | (q & 0xfffffffffffffn);
}

/**
 * Round sign * num/den (num >= 0, den > 0) to precision p with exponents in
 * [emin, emax] in mode 0..3 (nearest, zero, +inf, -inf).
 */
export function roundRational(sign: number, num: bigint, den: bigint, single: boolean, mode: number): RefResult {
  const p = single ? 24 : 53;
  const emin = single ? -126 : -1022;
  const emax = single ? 127 : 1023;
  if (num === 0n) return { bits: BigInt(sign) << 63n, inexact: false, overflow: false, underflow: false };
  // exponent e of the leading bit: 2^e <= num/den < 2^(e+1)
  let e = bitLength(num) - bitLength(den);
  const ge = (k: number): boolean => (k >= 0 ? num >= den << BigInt(k) : num << BigInt(-k) >= den);
  if (!ge(e)) e--;
  const tiny = e < emin;
  const eq = Math.max(e, emin) - (p - 1); // exponent of the last kept bit
  // q = floor(num / (den * 2^eq)), r = remainder
  const n2 = eq >= 0 ? num : num << BigInt(-eq);
  const d2 = eq >= 0 ? den << BigInt(eq) : den;
  let q = n2 / d2;
  const r = n2 - q * d2;
  const inexact = r !== 0n;
  let inc = false;
  if (inexact) {
    switch (mode) {
      case 0: inc = 2n * r > d2 || (2n * r === d2 && (q & 1n) === 1n); break;
      case 2: inc = sign === 0; break;
      case 3: inc = sign === 1; break;
      default: inc = false;
    }
  }
  let ee = eq;
  if (inc) {
    q += 1n;
    if (q === 1n << BigInt(p)) { q >>= 1n; ee++; }
  }
  if (q !== 0n && bitLength(q) + ee - 1 > emax) {
    const toInf = mode === 0 || (mode === 2 && sign === 0) || (mode === 3 && sign === 1);
    const s = BigInt(sign) << 63n;
    let bits: bigint;
    if (toInf) bits = s | 0x7ff0000000000000n;
    else bits = single ? s | 0x47efffffe0000000n : s | 0x7fefffffffffffffn;
    return { bits, inexact: true, overflow: true, underflow: false };
  }
  return { bits: packDouble(sign, q, ee), inexact, overflow: false, underflow: tiny && inexact };
}

/** Round the exact dyadic sign * m * 2^e. */
export function roundDyadic(sign: number, m: bigint, e: number, single: boolean, mode: number): RefResult {
  if (m < 0n) { m = -m; sign ^= 1; }
  return e >= 0 ? roundRational(sign, m << BigInt(e), 1n, single, mode) : roundRational(sign, m, 1n << BigInt(-e), single, mode);
}

/** The sign of an exact zero sum: +0 unless both are -0, or -0 when rounding toward -inf. */
function zeroSum(x: Dyadic, y: Dyadic, mode: number): number {
  if (x.m === 0n && y.m === 0n && x.sign === y.sign) return x.sign;
  return mode === 3 ? 1 : 0;
}

export function refAdd(a: bigint, b: bigint, single: boolean, mode: number): RefResult {
  const x = decode(a), y = decode(b);
  const e = Math.min(x.e, y.e);
  const sx = (x.sign ? -x.m : x.m) << BigInt(x.e - e);
  const sy = (y.sign ? -y.m : y.m) << BigInt(y.e - e);
  const s = sx + sy;
  if (s === 0n) return { bits: BigInt(zeroSum(x, y, mode)) << 63n, inexact: false, overflow: false, underflow: false };
  return roundDyadic(0, s, e, single, mode);
}

export function refMul(a: bigint, b: bigint, single: boolean, mode: number): RefResult {
  const x = decode(a), y = decode(b);
  return roundDyadic(x.sign ^ y.sign, x.m * y.m, x.e + y.e, single, mode);
}

/** (a * c) + b, negating b and/or the result first (fmsub, fnmadd...). */
export function refFma(a: bigint, c: bigint, b: bigint, negB: boolean, negR: boolean, single: boolean, mode: number): RefResult {
  const x = decode(a), y = decode(c), z = decode(b);
  const ps = x.sign ^ y.sign;
  const pm = x.m * y.m, pe = x.e + y.e;
  const zs = z.sign ^ (negB ? 1 : 0);
  const e = Math.min(pe, z.e);
  const s = ((ps ? -pm : pm) << BigInt(pe - e)) + ((zs ? -z.m : z.m) << BigInt(z.e - e));
  if (s === 0n) {
    let sign: number;
    if (pm === 0n && z.m === 0n && ps === zs) sign = ps;
    else sign = mode === 3 ? 1 : 0;
    return { bits: BigInt(sign ^ (negR ? 1 : 0)) << 63n, inexact: false, overflow: false, underflow: false };
  }
  if (negR) return roundDyadic(1, s, e, single, mode);
  return roundDyadic(0, s, e, single, mode);
}

export function refDiv(a: bigint, b: bigint, single: boolean, mode: number): RefResult {
  const x = decode(a), y = decode(b);
  if (y.m === 0n) throw new Error('division by zero');
  const sign = x.sign ^ y.sign;
  const k = x.e - y.e;
  return k >= 0 ? roundRational(sign, x.m << BigInt(k), y.m, single, mode) : roundRational(sign, x.m, y.m << BigInt(-k), single, mode);
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

export function refSqrt(a: bigint, single: boolean, mode: number): RefResult {
  const x = decode(a);
  if (x.m === 0n) return { bits: a, inexact: false, overflow: false, underflow: false };
  if (x.sign) throw new Error('negative');
  // sqrt(m * 2^e) = sqrt(m * 2^(e + 2k)) * 2^(-k - ... ): scale so the root has ~120 bits
  let m = x.m, e = x.e;
  if ((e & 1) !== 0) { m <<= 1n; e--; }
  const shift = 240 - bitLength(m) + ((240 - bitLength(m)) & 1);
  const n = m << BigInt(shift);
  const s = isqrt(n);
  const exact = s * s === n;
  // value = (s or s + 1/2) * 2^((e - shift) / 2)
  const num = exact ? s : 2n * s + 1n;
  const ex = (e - shift) / 2 - (exact ? 0 : 1);
  return roundDyadic(0, num, ex, single, mode);
}
