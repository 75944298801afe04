/**
 * 64-bit arithmetic on (hi, lo) pairs of int32 halves, for the cold paths that the
 * interpreter does not inline (multiply high, divide, modulo). Results come back in
 * the module-level `result` pair so that no object is allocated per call.
 * No BigInt: see docs/ARCHITECTURE.md, "the 64-bit representation".
 */
export const result = { hi: 0, lo: 0 };
/** High 64 bits of the last 128-bit product, for mulhd/mulhdu/maddhd. */
export const productHigh = { hi: 0, lo: 0 };

const TWO32 = 4294967296;

/** Unsigned 64x64 -> 128 multiply; low half in `result`, high half in `productHigh`. */
export function mulu128(aHi: number, aLo: number, bHi: number, bLo: number): void {
  // 16-bit limbs, little-endian
  const a0 = aLo & 0xffff, a1 = aLo >>> 16, a2 = aHi & 0xffff, a3 = aHi >>> 16;
  const b0 = bLo & 0xffff, b1 = bLo >>> 16, b2 = bHi & 0xffff, b3 = bHi >>> 16;
  // column sums (each partial product < 2^32; a column has at most 4, sums < 2^34: exact in doubles)
  let c = a0 * b0;
  const r0 = c % 65536; c = Math.floor(c / 65536);
  c += a0 * b1 + a1 * b0;
  const r1 = c % 65536; c = Math.floor(c / 65536);
  c += a0 * b2 + a1 * b1 + a2 * b0;
  const r2 = c % 65536; c = Math.floor(c / 65536);
  c += a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0;
  const r3 = c % 65536; c = Math.floor(c / 65536);
  c += a1 * b3 + a2 * b2 + a3 * b1;
  const r4 = c % 65536; c = Math.floor(c / 65536);
  c += a2 * b3 + a3 * b2;
  const r5 = c % 65536; c = Math.floor(c / 65536);
  c += a3 * b3;
  const r6 = c % 65536; c = Math.floor(c / 65536);
  const r7 = c % 65536;
  result.lo = (r0 | (r1 << 16)) | 0;
  result.hi = (r2 | (r3 << 16)) | 0;
  productHigh.lo = (r4 | (r5 << 16)) | 0;
  productHigh.hi = (r6 | (r7 << 16)) | 0;
}

/** Signed 64x64 -> 128 multiply, same outputs as mulu128. */
export function muls128(aHi: number, aLo: number, bHi: number, bLo: number): void {
  mulu128(aHi, aLo, bHi, bLo);
  // signed correction of the high half: subtract b if a < 0, a if b < 0
  let hHi = productHigh.hi, hLo = productHigh.lo;
  if (aHi < 0) { const s = (hLo >>> 0) - (bLo >>> 0); hLo = s | 0; hHi = (hHi - bHi - (s < 0 ? 1 : 0)) | 0; }
  if (bHi < 0) { const s = (hLo >>> 0) - (aLo >>> 0); hLo = s | 0; hHi = (hHi - aHi - (s < 0 ? 1 : 0)) | 0; }
  productHigh.hi = hHi; productHigh.lo = hLo;
}

/** Add (hi,lo) + (hi2,lo2) into `result`; returns the carry out of bit 0 (1 or 0). */
export function add64(aHi: number, aLo: number, bHi: number, bLo: number): number {
  const lo = (aLo >>> 0) + (bLo >>> 0);
  const c0 = lo >= TWO32 ? 1 : 0;
  const hi = (aHi >>> 0) + (bHi >>> 0) + c0;
  result.lo = lo | 0;
  result.hi = hi | 0;
  return hi >= TWO32 ? 1 : 0;
}

/** Negate (hi, lo) into `result`. */
export function neg64(hi: number, lo: number): void {
  const nlo = (~lo + 1) | 0;
  result.lo = nlo;
  result.hi = (~hi + (nlo === 0 ? 1 : 0)) | 0;
}

/** Unsigned compare: -1, 0, 1. */
export function cmpu64(aHi: number, aLo: number, bHi: number, bLo: number): number {
  if (aHi !== bHi) return (aHi >>> 0) < (bHi >>> 0) ? -1 : 1;
  if (aLo !== bLo) return (aLo >>> 0) < (bLo >>> 0) ? -1 : 1;
  return 0;
}

/**
 * Unsigned 64 / 64 division (divisor non-zero). Quotient in `result`,
 * remainder in `remainder`. Uses doubles when both fit in 53 bits, else
 * shift-subtract.
 */
export const remainder = { hi: 0, lo: 0 };
export function divu64(nHi: number, nLo: number, dHi: number, dLo: number): void {
  const nh = nHi >>> 0, dh = dHi >>> 0;
  if (nh < 0x200000 && dh < 0x200000) {
    const n = nh * TWO32 + (nLo >>> 0);
    const d = dh * TWO32 + (dLo >>> 0);
    const q = Math.floor(n / d);
    const r = n - q * d;
    result.hi = Math.floor(q / TWO32) | 0; result.lo = q % TWO32 | 0;
    remainder.hi = Math.floor(r / TWO32) | 0; remainder.lo = r % TWO32 | 0;
    return;
  }
  let qHi = 0, qLo = 0, rHi = 0, rLo = 0;
  for (let i = 63; i >= 0; i--) {
    // r = (r << 1) | bit i of n
    rHi = (rHi << 1) | (rLo >>> 31);
    const bit = i >= 32 ? (nHi >>> (i - 32)) & 1 : (nLo >>> i) & 1;
    rLo = (rLo << 1) | bit;
    if (cmpu64(rHi, rLo, dHi, dLo) >= 0) {
      const s = (rLo >>> 0) - (dLo >>> 0);
      rHi = (rHi - dHi - (s < 0 ? 1 : 0)) | 0;
      rLo = s | 0;
      if (i >= 32) qHi |= 1 << (i - 32); else qLo |= 1 << i;
    }
  }
  result.hi = qHi | 0; result.lo = qLo | 0;
  remainder.hi = rHi | 0; remainder.lo = rLo | 0;
}

/** Count leading zeros of a 64-bit value. */
export function clz64(hi: number, lo: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

/** Count trailing zeros of a 64-bit value. */
export function ctz32(x: number): number {
  if (x === 0) return 32;
  return 31 - Math.clz32(x & -x);
}

export function popcnt32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
