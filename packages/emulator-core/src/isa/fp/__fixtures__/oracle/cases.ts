/**
 * Random floating-point instruction cases biased toward the hard ones: special
 * values, exponent extremes, single-precision boundaries, cancellation, ties,
 * conversion limits, all rounding modes and Rc forms. Seeded and deterministic.
 */
import type { FpCase } from './harness.js';
import { FP_OPS, type FpOp, encA, encX, encD, encMtfsf, encMtfsfi, normalizeFpscr } from './encode.js';

/** xorshift128+ over BigInt, seeded. */
export class Rng {
  private s0: bigint;
  private s1: bigint;
  constructor(seed: number) {
    this.s0 = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n;
    this.s1 = BigInt(seed) ^ 0x5851f42d4c957f2dn;
    for (let i = 0; i < 8; i++) this.u64();
  }
  u64(): bigint {
    let x = this.s0;
    const y = this.s1;
    this.s0 = y;
    x = BigInt.asUintN(64, x ^ (x << 23n));
    this.s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return BigInt.asUintN(64, this.s1 + y);
  }
  /** Integer in [0, n). */
  int(n: number): number { return Number(this.u64() % BigInt(n)); }
  chance(p: number): boolean { return this.int(1 << 20) < p * (1 << 20); }
  pick<T>(a: readonly T[]): T { return a[this.int(a.length)]!; }
}

const bits = (x: number): bigint => {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  return b.getBigUint64(0);
};
const fromBits = (b: bigint): number => {
  const v = new DataView(new ArrayBuffer(8));
  v.setBigUint64(0, b);
  return v.getFloat64(0);
};
const SIGN = 1n << 63n;

/** Hand-picked values (positive; signs are added at random). */
export const SPECIAL: bigint[] = [
  0n, bits(1), bits(2), bits(0.5), bits(1.5), bits(2.5), bits(3), bits(0.1), bits(1 / 3), bits(10),
  0x7ff0000000000000n, 0x7ff8000000000000n, 0x7ff8000000000001n, 0x7ffc00000000abcdn, 0x7fffffffffffffffn,
  0x7ff0000000000001n, 0x7ff4000000000000n, 0x7ff0000020000000n, 0x7ff7ffffffffffffn,
  1n, 2n, 0x000fffffffffffffn, 0x0008000000000000n, 0x0010000000000000n, 0x0010000000000001n,
  0x7fefffffffffffffn, 0x7fe0000000000000n, 0x3ff0000000000001n, 0x3fefffffffffffffn,
  bits(2 ** 52), bits(2 ** 52 + 1), bits(2 ** 53), bits(2 ** 63), bits(2 ** 64), bits(2 ** 31), bits(2 ** 32),
  bits(2 ** 31 - 1), bits(2 ** 31 - 0.5), bits(2 ** 31 + 0.5), bits(2 ** 32 - 1), bits(4294967295.5), bits(2 ** 63 - 1024),
  bits(2 ** 64 - 2048), bits(0.49999999999999994), bits(4503599627370495.5),
  // single precision boundaries
  0x47efffffe0000000n, 0x47effffff0000000n, 0x47efffffefffffffn, 0x47f0000000000000n, 0x3810000000000000n,
  0x380fffffffffffffn, 0x380ffffff0000000n, 0x36a0000000000000n, 0x3690000000000000n, 0x3690000000000001n,
  0x369fffffffffffffn, 0x3800000000000000n, 0x3ff0000010000000n, 0x3ff0000030000000n, 0x3ff0000020000000n,
  0x3ff0000010000001n, 0x380fffffe0000000n, 0x36b8000000000000n,
];

export class ValueGen {
  constructor(private readonly r: Rng) {}

  /** A random double, biased to interesting classes. */
  double(): bigint {
    const r = this.r;
    const sign = r.chance(0.5) ? SIGN : 0n;
    const k = r.int(100);
    if (k < 25) return r.pick(SPECIAL) | sign;
    if (k < 45) { // single-representable
      const e = BigInt(r.chance(0.2) ? 874 + r.int(30) : 897 + r.int(254));
      return sign | (e << 52n) | ((r.u64() & 0x7fffffn) << 29n);
    }
    if (k < 55) { // denormal
      return sign | (r.u64() >> BigInt(12 + r.int(52)));
    }
    if (k < 65) { // near the extremes of the exponent range
      const e = BigInt(r.chance(0.5) ? 1 + r.int(60) : 2046 - r.int(60));
      return sign | (e << 52n) | (r.u64() & 0xfffffffffffffn);
    }
    if (k < 75) { // integers and halves around conversion limits
      const base = r.pick([0, 2 ** 31, 2 ** 32, 2 ** 52, 2 ** 53, 2 ** 63, 2 ** 64, 1, 1000]);
      const v = base + (r.int(9) - 4) * r.pick([0.25, 0.5, 1, 2048]);
      return bits(v) | sign;
    }
    if (k < 80) { // few mantissa bits (exact products and sums)
      const e = BigInt(1023 - 40 + r.int(80));
      return sign | (e << 52n) | ((r.u64() & 0xffn) << 44n);
    }
    // anything (NaN payloads included)
    return r.u64();
  }

  /** A value close to x (or -x), for cancellation and ties. */
  near(x: bigint): bigint {
    const r = this.r;
    const d = BigInt(r.int(5) - 2) * (r.chance(0.5) ? 1n : 1n << BigInt(r.int(50)));
    let v = BigInt.asUintN(64, x + d);
    if (r.chance(0.5)) v ^= SIGN;
    return v;
  }

  /** c such that a*b + c cancels (approximately). */
  fmaAddend(a: bigint, b: bigint): bigint {
    const p = fromBits(a) * fromBits(b);
    if (!Number.isFinite(p)) return this.double();
    return this.near(bits(-p));
  }

  /**
   * An FPSCR the oracle's setup can load without trapping: random rounding mode,
   * sometimes random status bits, sometimes enables (with their exception bits clear).
   */
  fpscr(): bigint {
    const r = this.r;
    let lo = r.int(4);
    if (r.chance(0.3)) lo |= Number(r.u64() & 0xfff7f800n);
    if (r.chance(0.1)) lo |= 0x4; // NI
    if (r.chance(0.1)) lo |= r.int(32) << 3; // enables
    let v = BigInt(lo >>> 0);
    if (r.chance(0.1)) v |= BigInt(r.int(8)) << 32n;
    return safeFpscr(v);
  }
}

/** One random case for op. */
export function randomCase(op: FpOp, r: Rng, v: ValueGen): FpCase {
  const f: bigint[] = Array.from({ length: 8 }, () => v.double());
  const rc = r.int(2);
  const fpscr = v.fpscr();
  const cr = Number(r.u64() & 0xffffffffn);
  switch (op.kind) {
    case 'arith': {
      // FRT 0, FRA 1, FRB 2, FRC 3, sometimes aliased
      let t = 0;
      const a = 1, b = 2, c = 3;
      if (r.chance(0.1)) t = r.pick([1, 2, 3]);
      if (r.chance(0.3)) f[2] = v.near(f[1]!);
      if (op.uses === 'acb' && r.chance(0.4)) f[2] = v.fmaAddend(f[1]!, f[3]!);
      if (op.uses === 'bx' && op.mnemonic.startsWith('fcfid') && r.chance(0.5)) f[2] = r.u64() >> BigInt(r.int(64));
      let w: number;
      if (op.uses === 'bx' || op.uses === 'abx') w = encX(op.p, op.xo, t, op.uses === 'abx' ? a : 0, b, rc);
      else w = encA(op.p, op.xo, t, op.uses!.includes('a') ? a : 0, op.uses!.includes('b') ? b : 0,
        op.uses!.includes('c') ? c : 0, rc);
      return { w, fpscr, cr, f };
    }
    case 'cmp':
      if (r.chance(0.3)) f[2] = v.near(f[1]!);
      return { w: encX(op.p, op.xo, r.int(8) << 2, 1, 2, 0), fpscr, cr, f };
    case 'test':
      return { w: encX(op.p, op.xo, r.int(8) << 2, op.mnemonic === 'ftdiv' ? 1 : 0, 2, 0), fpscr, cr, f };
    case 'd': {
      let mem = '';
      for (let i = 0; i < 8; i++) mem += (r.chance(0.5) ? v.double() : r.u64()).toString(16).padStart(16, '0');
      const pair = op.p === 57 || op.p === 61;
      const d = pair ? r.int(13) * 4 : r.int(57);
      return { w: encD(op.p, r.int(pair ? 7 : 8), 4, d), fpscr, cr, f, g: [0n, 0n, 0n, 0n], rel: 1, mem };
    }
    case 'xm': {
      let mem = '';
      for (let i = 0; i < 8; i++) mem += (r.chance(0.5) ? v.double() : r.u64()).toString(16).padStart(16, '0');
      const width = op.mnemonic.endsWith('dpx') ? 16 : op.mnemonic.includes('d') && !op.mnemonic.includes('iw') ? 8 : 4;
      return {
        w: encX(op.p, op.xo, width === 16 ? r.int(7) : r.int(8), 4, 5, r.chance(0.1) ? 1 : 0), fpscr, cr, f,
        g: [0n, BigInt(r.int(65 - width)), 0n, 0n], rel: 1, mem,
      };
    }
    case 'mffs': {
      const ra = r.chance(0.8) ? r.pick([0, 1, 20, 21, 22, 23, 24]) : r.int(32);
      const b = ra === 21 || ra === 23 ? r.int(32) : 2;
      const fp = r.chance(0.5) ? safeFpscr(r.u64()) : fpscr;
      return { w: encX(63, 583, r.int(4), ra, b, rc), fpscr: fp, cr, f };
    }
    case 'mcrfs':
      return { w: encX(63, 64, r.int(8) << 2, r.int(8) << 2, 0, 0), fpscr: safeFpscr(r.u64()), cr, f };
    case 'mtfsfi':
      return { w: encMtfsfi(r.int(8), r.int(16), r.chance(0.2) ? 1 : 0, rc), fpscr: r.chance(0.5) ? safeFpscr(r.u64()) : fpscr, cr, f };
    case 'mtfsf':
      if (r.chance(0.5)) f[2] = r.u64();
      return { w: encMtfsf(r.int(256), 2, r.chance(0.1) ? 1 : 0, r.chance(0.2) ? 1 : 0, rc), fpscr: r.chance(0.5) ? safeFpscr(r.u64()) : fpscr, cr, f };
    case 'mtfsb':
      return { w: encX(63, op.xo, r.int(32), 0, 0, rc), fpscr: r.chance(0.7) ? safeFpscr(r.u64()) : fpscr, cr, f };
  }
}

/** v as an FPSCR without an enabled exception: exception bits whose enable is set are cleared. */
export function safeFpscr(v: bigint): bigint {
  let lo = Number(v & 0xffffffffn);
  if (lo & 0x80) lo &= ~0x01f80700; // VE: no VX* bits
  if (lo & 0x40) lo &= ~0x10000000; // OE: no OX
  if (lo & 0x20) lo &= ~0x08000000; // UE: no UX
  if (lo & 0x10) lo &= ~0x04000000; // ZE: no ZX
  if (lo & 0x08) lo &= ~0x02000000; // XE: no XX
  return normalizeFpscr((v & ~0xffffffffn) | BigInt(lo >>> 0));
}

/** Bits of an op's word that hold its extended opcode. */
export function xoBits(op: FpOp): number {
  if (op.kind === 'd') return 0;
  return op.kind === 'arith' && op.xo < 32 && op.uses !== 'bx' && op.uses !== 'abx' ? 0x3e : 0x7fe;
}

/** A case with one random non-opcode bit flipped; only whether it is illegal is compared. */
export function flippedCase(op: FpOp, c: FpCase, r: Rng): FpCase {
  // (the DS-form pair's low bits select other, VSX, instructions)
  const allowed = op.p === 57 || op.p === 61 ? 0 : op.kind === 'd' || op.kind === 'xm' ? 1 : 0x3ffffff & ~xoBits(op);
  if (allowed === 0) return c;
  let bit: number;
  do bit = r.int(26); while (((allowed >>> bit) & 1) === 0);
  return { ...c, w: (c.w ^ (1 << bit)) >>> 0 };
}

/** A random case; sigOnly marks one whose encoding was disturbed (compare the signal only). */
export interface RandomCase { op: FpOp; c: FpCase; sigOnly: boolean }

/** A batch of n random cases for each op (or for the named ones). */
export function randomCases(seed: number, n: number, only?: readonly string[]): RandomCase[] {
  const r = new Rng(seed);
  const v = new ValueGen(r);
  const list: RandomCase[] = [];
  for (const op of FP_OPS) {
    if (only && !only.includes(op.mnemonic)) continue;
    for (let i = 0; i < n; i++) {
      const c = randomCase(op, r, v);
      if (r.chance(0.05)) list.push({ op, c: flippedCase(op, c, r), sigOnly: true });
      else list.push({ op, c, sigOnly: false });
    }
  }
  return list;
}
