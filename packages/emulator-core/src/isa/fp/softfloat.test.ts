import { describe, it, expect } from '@jest/globals';
import {
  status, out, pa, pb, pc, unpack, addsub, mul, div, sqrt, muladd,
  F_INEXACT, F_OVERFLOW, F_UNDERFLOW,
} from './softfloat.js';
import { refAdd, refMul, refDiv, refSqrt, refFma, type RefResult } from './__fixtures__/oracle/reference.js';
import { Rng, ValueGen } from './__fixtures__/oracle/cases.js';
import { runOnEmulator } from './__fixtures__/oracle/harness.js';
import { encA, encX } from './__fixtures__/oracle/encode.js';

// The softfloat core against an exact BigInt-rational reference (oracle/reference.ts):
// every result must be the exact value rounded once, in all four rounding modes, to
// double and to single precision, with the same inexact/overflow/underflow flags.

const hi = (b: bigint): number => Number(b >> 32n) | 0;
const lo = (b: bigint): number => Number(b & 0xffffffffn) | 0;
const bitsOut = (): bigint => (BigInt(out.hi >>> 0) << 32n) | BigInt(out.lo >>> 0);

function finite(v: ValueGen): bigint {
  for (;;) {
    const x = v.double();
    if (((x >> 52n) & 0x7ffn) !== 0x7ffn) return x;
  }
}

function begin(mode: number): void {
  status.flags = 0;
  status.mode = mode;
  status.rebiasO = false;
  status.rebiasU = false;
}

function check(what: string, want: RefResult, fails: string[]): void {
  const f = status.flags;
  const got = { bits: bitsOut(), inexact: (f & F_INEXACT) !== 0, overflow: (f & F_OVERFLOW) !== 0, underflow: (f & F_UNDERFLOW) !== 0 };
  if (got.bits !== want.bits || got.inexact !== want.inexact || got.overflow !== want.overflow || got.underflow !== want.underflow) {
    if (fails.length < 10) {
      fails.push(`${what}: want ${want.bits.toString(16)} x${+want.inexact}o${+want.overflow}u${+want.underflow}` +
        ` got ${got.bits.toString(16)} x${+got.inexact}o${+got.overflow}u${+got.underflow}`);
    }
  }
}

const N = 1500;
const h = (x: bigint): string => x.toString(16);

describe('softfloat core against an exact reference', () => {
  for (const single of [false, true]) {
    const prec = single ? 'single' : 'double';
    it(`add and subtract (${prec}, 4 modes)`, () => {
      const r = new Rng(single ? 11 : 12), v = new ValueGen(r), fails: string[] = [];
      for (let i = 0; i < N; i++) {
        const a = finite(v), b = r.chance(0.4) ? (v.near(a) & ~(0x7ffn << 52n)) | (a & (0x7ffn << 52n)) : finite(v);
        const mode = i & 3;
        begin(mode); unpack(pa, hi(a), lo(a)); unpack(pb, hi(b), lo(b)); addsub(pa, pb, 0, single);
        check(`add ${h(a)} ${h(b)} m${mode}`, refAdd(a, b, single, mode), fails);
        begin(mode); addsub(pa, pb, 1, single);
        check(`sub ${h(a)} ${h(b)} m${mode}`, refAdd(a, b ^ (1n << 63n), single, mode), fails);
      }
      expect(fails).toEqual([]);
    });
    it(`multiply (${prec}, 4 modes)`, () => {
      const r = new Rng(single ? 13 : 14), v = new ValueGen(r), fails: string[] = [];
      for (let i = 0; i < N; i++) {
        const a = finite(v), b = finite(v), mode = i & 3;
        begin(mode); unpack(pa, hi(a), lo(a)); unpack(pb, hi(b), lo(b)); mul(pa, pb, single);
        check(`mul ${h(a)} ${h(b)} m${mode}`, refMul(a, b, single, mode), fails);
      }
      expect(fails).toEqual([]);
    });
    it(`divide (${prec}, 4 modes)`, () => {
      const r = new Rng(single ? 15 : 16), v = new ValueGen(r), fails: string[] = [];
      for (let i = 0; i < N; i++) {
        const a = finite(v), b = finite(v), mode = i & 3;
        if ((b & ~(1n << 63n)) === 0n) continue;
        begin(mode); unpack(pa, hi(a), lo(a)); unpack(pb, hi(b), lo(b)); div(pa, pb, single);
        check(`div ${h(a)} ${h(b)} m${mode}`, refDiv(a, b, single, mode), fails);
      }
      expect(fails).toEqual([]);
    });
    it(`square root (${prec}, 4 modes)`, () => {
      const r = new Rng(single ? 17 : 18), v = new ValueGen(r), fails: string[] = [];
      for (let i = 0; i < N; i++) {
        const a = finite(v) & ~(1n << 63n), mode = i & 3;
        begin(mode); unpack(pa, hi(a), lo(a)); sqrt(pa, single);
        check(`sqrt ${h(a)} m${mode}`, refSqrt(a, single, mode), fails);
      }
      expect(fails).toEqual([]);
    });
    it(`fused multiply-add, all four sign forms (${prec}, 4 modes)`, () => {
      const r = new Rng(single ? 19 : 20), v = new ValueGen(r), fails: string[] = [];
      for (let i = 0; i < N; i++) {
        const a = finite(v), c = finite(v);
        const b = r.chance(0.5) ? v.fmaAddend(a, c) : finite(v);
        if (((b >> 52n) & 0x7ffn) === 0x7ffn) continue;
        const mode = i & 3, negB = (i >> 2) & 1, negR = (i >> 3) & 1;
        begin(mode); unpack(pa, hi(a), lo(a)); unpack(pb, hi(c), lo(c)); unpack(pc, hi(b), lo(b));
        muladd(pa, pb, pc, negB, negR, single);
        check(`fma ${h(a)}*${h(c)}+${h(b)} nb${negB} nr${negR} m${mode}`, refFma(a, c, b, negB === 1, negR === 1, single, mode), fails);
      }
      expect(fails).toEqual([]);
    });
  }
});

describe('host fast paths (round to nearest) against the reference', () => {
  // fadd/fsub/fmul/fdiv/fsqrt and the multiply-adds use host arithmetic and error-free
  // transformations when the operands are ordinary; run them as instructions and
  // compare with the reference.
  const XX = 0x02000000, FI = 0x00020000, OX = 0x10000000, UX = 0x08000000;
  const cases: [string, number, (a: bigint, b: bigint) => RefResult][] = [
    ['fadd', encA(63, 21, 0, 1, 2, 0), (a, b) => refAdd(a, b, false, 0)],
    ['fsub', encA(63, 20, 0, 1, 2, 0), (a, b) => refAdd(a, b ^ (1n << 63n), false, 0)],
    ['fmul', encA(63, 25, 0, 1, 0, 2), (a, b) => refMul(a, b, false, 0)],
    ['fdiv', encA(63, 18, 0, 1, 2, 0), (a, b) => refDiv(a, b, false, 0)],
    ['fsqrt', encX(63, 22, 0, 0, 2), (_a, b) => refSqrt(b, false, 0)],
  ];
  const rf = (x: RefResult): string => `${h(x.bits)} x${+x.inexact}i${+x.inexact}o${+x.overflow}u${+x.underflow}`;
  const ordinary = (r: Rng, spread: number): bigint =>
    (BigInt(1023 - spread + r.int(2 * spread)) << 52n) | (r.u64() >> 12n) | (r.chance(0.5) ? 1n << 63n : 0n);
  /** Run one instruction (FRT 0, FRA 1, FRB 2, FRC 3) and describe the result like rf. */
  const runIt = (w: number, a: bigint, b: bigint, c = 0n): string => {
    const got = runOnEmulator({ w, f: [0n, a, b, c] });
    const fp = Number(BigInt('0x' + got.fpscr) & 0xffffffffn);
    return `${h(BigInt('0x' + got.f[0]))} x${+((fp & XX) !== 0)}i${+((fp & FI) !== 0)}o${+((fp & OX) !== 0)}u${+((fp & UX) !== 0)}`;
  };

  it('fmadd, fmsub, fnmadd, fnmsub and their single forms, with cancellation', () => {
    const r = new Rng(99), fails: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const single = (i & 1) !== 0, xo = 28 + ((i >> 1) & 3);
      const a = ordinary(r, 150), c = ordinary(r, 150);
      let b = ordinary(r, 150);
      if (r.chance(0.6)) {
        // b close to -(a*c), so that the sum cancels and the product's low half matters
        const p = refMul(a, c, false, 0).bits ^ (xo === 28 || xo === 30 ? 0n : 1n << 63n);
        b = BigInt.asUintN(64, p + BigInt(r.int(9) - 4) * (r.chance(0.5) ? 1n : 1n << BigInt(r.int(30))));
      }
      const negB = (xo & 1) === 0, negR = xo >= 30;
      const want = rf(refFma(a, c, b, negB, negR, single, 0));
      const got = runIt(encA(single ? 59 : 63, xo, 0, 1, 2, 3), a, b, c);
      if (got !== want && fails.length < 10) fails.push(`xo ${xo} s${+single} ${h(a)}*${h(c)}+${h(b)}: want ${want} got ${got}`);
    }
    expect(fails).toEqual([]);
  });

  it('single-precision results that the double rounding puts on a midpoint', () => {
    // x = a value exactly halfway between two singles, plus or minus something far below
    // the double's last bit: fadds, fsubs and fmadds must round it as one operation
    const r = new Rng(123), fails: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const e = r.int(200) - 100;
      const mant = (1n << 23n) | (r.u64() & 0x7fffffn); // a single's significand
      const mid = ((2n * mant + 1n) << 28n) & 0xfffffffffffffn; // the 25-bit midpoint above it, as a double
      const x = (BigInt(1023 + e) << 52n) | mid | (r.chance(0.5) ? 1n << 63n : 0n);
      const tiny = (BigInt(1023 + e - 60 - r.int(40)) << 52n) | (r.u64() >> 12n) | (r.chance(0.5) ? 1n << 63n : 0n);
      const k = i % 3;
      let want: string, got: string;
      if (k === 0) { want = rf(refAdd(x, tiny, true, 0)); got = runIt(encA(59, 21, 0, 1, 2, 0), x, tiny); }
      else if (k === 1) { want = rf(refAdd(x, tiny ^ (1n << 63n), true, 0)); got = runIt(encA(59, 20, 0, 1, 2, 0), x, tiny); }
      else { want = rf(refFma(x, 0x3ff0000000000000n, tiny, false, false, true, 0)); got = runIt(encA(59, 29, 0, 1, 2, 3), x, tiny, 0x3ff0000000000000n); }
      if (got !== want && fails.length < 10) fails.push(`${k} ${h(x)} ${h(tiny)}: want ${want} got ${got}`);
    }
    expect(fails).toEqual([]);
  });

  it('single-precision fadds/fmuls/fdivs/fsqrts of single operands', () => {
    const r = new Rng(321), fails: string[] = [];
    const single = (): bigint => (BigInt(1023 - 60 + r.int(120)) << 52n) | ((r.u64() & 0x7fffffn) << 29n) | (r.chance(0.5) ? 1n << 63n : 0n);
    for (let i = 0; i < 3000; i++) {
      const a = single();
      let b = single();
      const k = i % 4;
      let want: string, got: string;
      if (k === 0) { want = rf(refAdd(a, b, true, 0)); got = runIt(encA(59, 21, 0, 1, 2, 0), a, b); }
      else if (k === 1) { want = rf(refMul(a, b, true, 0)); got = runIt(encA(59, 25, 0, 1, 0, 3), a, 0n, b); }
      else if (k === 2) { want = rf(refDiv(a, b, true, 0)); got = runIt(encA(59, 18, 0, 1, 2, 0), a, b); }
      else { b &= ~(1n << 63n); want = rf(refSqrt(b, true, 0)); got = runIt(encA(59, 22, 0, 0, 2, 0), 0n, b); }
      if (got !== want && fails.length < 10) fails.push(`${k} ${h(a)} ${h(b)}: want ${want} got ${got}`);
    }
    expect(fails).toEqual([]);
  });

  for (const [m, w, ref] of cases) {
    it(m, () => {
      const r = new Rng(w), fails: string[] = [];
      for (let i = 0; i < 1000; i++) {
        // ordinary operands: random 52-bit fractions, exponents well inside the range
        const a = (BigInt(1023 - 200 + r.int(400)) << 52n) | (r.u64() >> 12n) | (r.chance(0.5) ? 1n << 63n : 0n);
        let b = (BigInt(1023 - 200 + r.int(400)) << 52n) | (r.u64() >> 12n) | (r.chance(0.5) ? 1n << 63n : 0n);
        if (r.chance(0.2)) b = (a & ~0xffffffn) | (r.u64() & 0xffffffn); // close values: cancellation
        if (m === 'fsqrt') b &= ~(1n << 63n);
        const want = ref(a, b);
        const got = runOnEmulator({ w, f: [0n, a, b] });
        const fp = Number(BigInt('0x' + got.fpscr) & 0xffffffffn);
        const flags = `x${+((fp & XX) !== 0)}i${+((fp & FI) !== 0)}o${+((fp & OX) !== 0)}u${+((fp & UX) !== 0)}`;
        const wantFlags = `x${+want.inexact}i${+want.inexact}o${+want.overflow}u${+want.underflow}`;
        if (BigInt('0x' + got.f[0]) !== want.bits || flags !== wantFlags) {
          if (fails.length < 10) fails.push(`${m} ${h(a)} ${h(b)}: want ${h(want.bits)} ${wantFlags} got ${got.f[0]} ${flags}`);
        }
      }
      expect(fails).toEqual([]);
    });
  }
});
