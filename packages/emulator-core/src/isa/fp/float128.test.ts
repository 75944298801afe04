import { describe, it, expect } from '@jest/globals';
import { status, F_INEXACT, F_OVERFLOW, F_UNDERFLOW, F_INVALID, R_NEAREST, R_ZERO, R_UP, R_DOWN } from './softfloat.js';
import { unpack128 as u, add128, mul128, div128, sqrt128, muladd128, R_ODD, DEFAULT_NAN128 } from './float128.js';

/*
 * binary128 results that follow from IEEE 754 alone (exact values, the rounding of
 * 1/3 in every mode, overflow and underflow thresholds); agreement with QEMU 7.2 in
 * general is measured by difftest (vsx-quad-arith class).
 */

const ONE = 0x3fffn << 112n, TWO = 0x4000n << 112n, THREE = (0x4000n << 112n) | (1n << 111n);
const MAX = (0x7ffen << 112n) | ((1n << 112n) - 1n), INF = 0x7fffn << 112n;
const THIRD_RZ = (0x3ffdn << 112n) | (((1n << 112n) - 1n) / 3n); // 0x3ffd5555...5

function run(f: () => bigint, mode = R_NEAREST): { r: bigint; flags: number } {
  status.flags = 0; status.mode = mode; status.rebiasO = false; status.rebiasU = false;
  const r = f();
  const flags = status.flags;
  status.flags = 0; status.mode = R_NEAREST;
  return { r, flags };
}

describe('binary128 softfloat', () => {
  it('adds, multiplies, divides and takes square roots exactly when the result is representable', () => {
    expect(run(() => add128(u(ONE), u(TWO), 0, R_NEAREST)).r).toBe(THREE);
    expect(run(() => mul128(u(THREE), u(TWO), R_NEAREST)).r).toBe((0x4001n << 112n) | (1n << 111n));
    expect(run(() => div128(u(THREE), u(TWO), R_NEAREST)).r).toBe((0x3fffn << 112n) | (1n << 111n));
    expect(run(() => sqrt128(u(0x4001n << 112n), R_NEAREST)).r).toBe(TWO);
    expect(run(() => muladd128(u(TWO), u(TWO), u(ONE), 1, 0, R_NEAREST)).r).toBe(THREE);
    expect(run(() => add128(u(ONE), u(ONE), 1, R_DOWN)).r).toBe(1n << 127n); // x - x = -0 rounding down
  });

  it('rounds 1/3 in each mode, round to odd setting the last bit', () => {
    const third = (mode: number): bigint => run(() => div128(u(ONE), u(THREE), mode), mode).r;
    expect(third(R_ZERO)).toBe(THIRD_RZ);
    expect(third(R_DOWN)).toBe(THIRD_RZ);
    expect(third(R_UP)).toBe(THIRD_RZ + 1n);
    expect(third(R_NEAREST)).toBe(THIRD_RZ); // ...0101|0101..: below the tie
    expect(third(R_ODD)).toBe(THIRD_RZ | 1n);
    expect(run(() => div128(u(ONE), u(THREE), R_ODD)).flags).toBe(F_INEXACT);
  });

  it('overflows to infinity or the largest number by mode, and signals underflow for tiny inexact results', () => {
    expect(run(() => mul128(u(MAX), u(TWO), R_NEAREST))).toEqual({ r: INF, flags: F_OVERFLOW | F_INEXACT });
    expect(run(() => mul128(u(MAX), u(TWO), R_ZERO), R_ZERO).r).toBe(MAX);
    expect(run(() => mul128(u(MAX), u(TWO), R_ODD)).r).toBe(MAX);
    const tiny = run(() => div128(u(1n), u(THREE), R_NEAREST)); // smallest denormal / 3
    expect(tiny.r).toBe(0n);
    expect(tiny.flags).toBe(F_UNDERFLOW | F_INEXACT);
  });

  it('gives the default NaN for invalid operations', () => {
    expect(run(() => add128(u(INF), u(INF), 1, R_NEAREST)).r).toBe(DEFAULT_NAN128);
    expect(run(() => sqrt128(u((1n << 127n) | ONE), R_NEAREST)).flags & F_INVALID).toBe(F_INVALID);
  });
});
