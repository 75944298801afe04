import type { Rng } from './rng.js';
import { SCRATCH_SIZE, emptyState, type MachineState } from './state.js';

/**
 * Edge-biased value generators for the input state: the integers and
 * floating-point values at which arithmetic, comparison and conversion change
 * behaviour (signs, carries out of bit 31 and bit 63, overflow limits, zeros,
 * infinities, NaNs, denormals), mixed with uniform random values.
 */

const M64 = (1n << 64n) - 1n;
const sext32 = (x: number): bigint => BigInt(x | 0) & M64;
const zext32 = (x: number): bigint => BigInt(x >>> 0);

export const INT_EDGES: readonly bigint[] = [
  0n, 1n, 2n, M64, M64 - 1n,
  0x7fffffffffffffffn, 0x8000000000000000n, 0x8000000000000001n,
  0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0xffffffff80000000n, 0xffffffff7fffffffn,
  0x7fff_ffff_0000_0000n, 0x0000_0001_ffff_ffffn, 0xffff_ffff_0000_0000n,
  0x7fffn, 0x8000n, 0xffffn, 0xffffffffffff8000n, 0x7fn, 0x80n, 0xffn,
  0x0101010101010101n, 0x8080808080808080n, 0x5555555555555555n, 0xaaaaaaaaaaaaaaaan,
];

/** An edge-biased 64-bit integer. */
export function edgeInt(rng: Rng): bigint {
  switch (rng.int(10)) {
    case 0: case 1: return rng.pick(INT_EDGES);
    case 2: return BigInt(rng.range(-20, 20)) & M64;
    case 3: { // powers of two and their neighbours
      const p = 1n << BigInt(rng.int(64));
      return (rng.pick([p, p - 1n, p + 1n, -p, -p - 1n]) as bigint) & M64;
    }
    case 4: return rng.bit() ? sext32(rng.u32()) : zext32(rng.u32());
    case 5: return BigInt(rng.range(0, 300)) & M64;
    case 6: { // bytes drawn from a small set: equal-byte and range comparisons
      let v = 0n;
      for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(rng.pick([0, 0x20, 0x30, 0x39, 0x41, 0x5a, 0x7f, 0x80, 0xff, rng.int(256)]));
      return v;
    }
    default: return rng.u64();
  }
}

// ---- floating point (raw IEEE-754 double bits) ----

const f64bits = (d: number): bigint => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, d, true);
  return v.getBigUint64(0, true);
};
const f32asDouble = (bits: number): number => {
  const v = new DataView(new ArrayBuffer(4));
  v.setUint32(0, bits >>> 0, true);
  return v.getFloat32(0, true);
};

export const FP_EDGES: readonly bigint[] = [
  0x0000000000000000n, 0x8000000000000000n,           // +-0
  0x7ff0000000000000n, 0xfff0000000000000n,           // +-inf
  0x7ff8000000000000n, 0xfff8000000000000n, 0x7ff8000000000001n, 0x7fffffffffffffffn, // QNaNs
  0x7ff0000000000001n, 0x7ff4000000000000n, 0xfff0000000000001n, 0x7ff7ffffffffffffn, // SNaNs
  0x0000000000000001n, 0x8000000000000001n, 0x000fffffffffffffn, 0x0008000000000000n, // denormals
  0x0010000000000000n, 0x8010000000000000n, 0x7fefffffffffffffn, 0xffefffffffffffffn, // min/max normal
  f64bits(1), f64bits(-1), f64bits(0.5), f64bits(-0.5), f64bits(1.5), f64bits(2.5), f64bits(-2.5), f64bits(3),
  f64bits(0.49999999999999994), f64bits(Number.EPSILON), f64bits(1 + Number.EPSILON),
  // integer conversion limits
  f64bits(2147483647), f64bits(2147483647.5), f64bits(2147483648), f64bits(-2147483648), f64bits(-2147483648.5),
  f64bits(-2147483649), f64bits(4294967295), f64bits(4294967295.5), f64bits(4294967296),
  f64bits(9223372036854775807), f64bits(-9223372036854775808), f64bits(9223372036854774784),
  f64bits(18446744073709551615), f64bits(18446744073709549568), f64bits(-0.75), f64bits(0.75),
  f64bits(2 ** 52), f64bits(2 ** 52 + 0.5), f64bits(2 ** 53), f64bits(-(2 ** 52) - 0.5),
  // single-precision limits
  f64bits(f32asDouble(0x7f7fffff)), f64bits(f32asDouble(0xff7fffff)), f64bits(f32asDouble(0x00800000)),
  f64bits(f32asDouble(0x00000001)), f64bits(f32asDouble(0x007fffff)), f64bits(3.4028235677973366e38),
  f64bits(1e39), f64bits(1e-39), f64bits(1e-46), f64bits(1.401298464324817e-45 / 2),
];

/** An edge-biased double (raw bits). */
export function edgeFloat(rng: Rng): bigint {
  switch (rng.int(10)) {
    case 0: case 1: case 2: return rng.pick(FP_EDGES);
    case 3: return f64bits(rng.range(-1000, 1000) / rng.pick([1, 2, 4, 8, 3, 10]));
    case 4: return f64bits(f32asDouble(rng.u32()));                  // a single-precision value
    case 5: { // random exponent near the ends of the range (overflow, underflow, denormal results)
      const exp = BigInt(rng.pick([0, 1, 2, 0x36a, 0x380, 0x381, 0x47e, 0x47f, 0x7fd, 0x7fe, rng.range(0x3e0, 0x420)]));
      return (BigInt(rng.bit()) << 63n) | (exp << 52n) | (rng.u64() & 0xfffffffffffffn);
    }
    case 6: return f64bits((rng.bit() ? -1 : 1) * rng.u32() * 2 ** rng.range(-8, 40)); // integer-ish values
    default: return rng.u64();
  }
}

/**
 * An FPSCR input: random rounding mode, random sticky exception bits (VX kept
 * consistent with them), random FR/FI/FPRF, and every enable bit (VE OE UE ZE XE)
 * and NI clear. Bits are LSB-0 positions of the 64-bit value.
 */
export function edgeFpscr(rng: Rng): bigint {
  let v = rng.int(4); // RN
  if (rng.chance(0.4)) {
    const sticky = [31, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 10, 9, 8]; // FX OX UX ZX XX VXSNAN..VXVC VXSOFT VXSQRT VXCVI
    for (const b of sticky) if (rng.chance(0.2)) v |= 1 << b;
  }
  if (rng.chance(0.5)) v |= rng.int(32) << 12; // FPRF
  if (rng.chance(0.3)) v |= 1 << 18; // FR
  if (rng.chance(0.3)) v |= 1 << 17; // FI
  if (v & ((0x3f << 19) | (7 << 8))) v |= 1 << 29; // VX summarises the VX* bits
  const drn = rng.chance(0.3) ? BigInt(rng.int(8)) : 0n; // decimal rounding mode, FPSCR bits 29:31
  return (drn << 32n) | BigInt(v >>> 0);
}

/**
 * The FPSCR with some of the enables VE OE UE ZE XE set (an enabled exception is a
 * SIGFPE on both sides: QEMU's linux-user runs with MSR[FE0,FE1] on). The exception
 * bits an enable guards are cleared with it: the harness's own mtfsf would interrupt.
 */
export function withFpEnables(rng: Rng, fpscr: bigint): bigint {
  let fp = Number(fpscr & 0xffffffffn);
  for (const [enable, guarded] of ENABLE_GUARDS) if (rng.chance(0.4)) { fp |= enable; fp &= ~guarded; }
  if ((fp & VX_BITS) === 0) fp &= ~(1 << 29); // VX summarises the VX* bits
  return (fpscr & ~0xffffffffn) | BigInt(fp >>> 0);
}
const VX_BITS = (0x3f << 19) | (7 << 8);
/** Each enable with the FPSCR exception bits it guards (LSB-0 positions of the low word). */
const ENABLE_GUARDS: readonly (readonly [number, number])[] = [[0x80, VX_BITS], [0x40, 1 << 28], [0x20, 1 << 27], [0x10, 1 << 26], [0x08, 1 << 25]];

/** XER: random SO OV CA OV32 CA32 and string byte count. */
export function edgeXer(rng: Rng): bigint {
  let v = 0;
  for (const b of [31, 30, 29, 19, 18]) if (rng.chance(0.35)) v |= 1 << b;
  if (rng.chance(0.6)) v |= rng.int(128);
  return BigInt(v >>> 0);
}

export function edgeCr(rng: Rng): number {
  switch (rng.int(6)) {
    case 0: return 0;
    case 1: return 0xffffffff;
    default: return rng.u32();
  }
}

export function edgeCtr(rng: Rng): bigint {
  return rng.chance(0.5) ? rng.pick([0n, 1n, 2n, 3n, 0x100000000n, 0x100000001n, 0xffffffffn, M64]) : edgeInt(rng);
}

export function randomScratch(rng: Rng): Uint8Array {
  const s = new Uint8Array(SCRATCH_SIZE);
  const mode = rng.int(4);
  for (let i = 0; i < s.length; i += 4) {
    const w = rng.u32();
    for (let k = 0; k < 4; k++) {
      let b = (w >>> (8 * k)) & 0xff;
      if (mode === 0 && (b & 3) === 0) b = rng.pick([0, 0xff, 0x80, 0x7f]);
      s[i + k] = b;
    }
  }
  return s;
}

/**
 * An edge-biased 128-bit vector value: two doubles (NaN payloads, denormals...), four
 * singles, byte patterns (every byte value, ramps usable as permute controls, splats),
 * or uniform bits.
 */
export function edgeVector(rng: Rng): bigint {
  const bytes = (f: (i: number) => number): bigint => {
    let v = 0n;
    for (let i = 0; i < 16; i++) v = (v << 8n) | BigInt(f(i) & 0xff);
    return v;
  };
  switch (rng.int(10)) {
    case 0: case 1: return (edgeFloat(rng) << 64n) | edgeFloat(rng);
    case 2: { // four singles, each edge-biased (the high word of an edge double, or a random one)
      let v = 0n;
      for (let i = 0; i < 4; i++) v = (v << 32n) | BigInt(rng.chance(0.5) ? Number(edgeFloat(rng) >> 32n) >>> 0 : rng.u32());
      return v;
    }
    case 3: { const start = rng.int(32), step = rng.pick([1, -1, 2, 3]); return bytes((i) => start + step * i); } // permute controls
    case 4: { const b = rng.pick([0, 0xff, 0x80, 0x7f, 0x1f, 0x10, 0x0f, rng.int(256)]); return bytes(() => b); }
    case 5: return bytes(() => rng.pick([0, 0xff, 0x80, 0x7f, 0x01, 0x10, 0x1f, 0x20, rng.int(256)]));
    case 6: return (edgeInt(rng) << 64n) | edgeInt(rng);
    default: return (rng.u64() << 64n) | rng.u64();
  }
}

/** VSCR inputs: NJ (bit 111 of the VR, 0x10000) and SAT (0x1) in every combination. */
export const edgeVscr = (rng: Rng): number => rng.pick([0, 1, 0x10000, 0x10001]);

/** A complete random input state; r31 is overwritten by the harness (the block base). */
export function randomState(rng: Rng): MachineState {
  const s = emptyState();
  for (let i = 0; i < 32; i++) { s.gpr[i] = edgeInt(rng); s.fpr[i] = edgeFloat(rng); }
  s.gpr[31] = 0n;
  s.cr = edgeCr(rng);
  s.xer = edgeXer(rng);
  s.lr = edgeInt(rng);
  s.ctr = edgeCtr(rng);
  s.fpscr = edgeFpscr(rng);
  s.tar = edgeInt(rng);
  s.vrsave = BigInt(rng.u32());
  s.ppr = edgeInt(rng);
  s.scratch = randomScratch(rng);
  for (let i = 0; i < 32; i++) { const v = edgeVector(rng); s.vsrLow[i] = BigInt.asUintN(64, v); s.vr[i] = edgeVector(rng); }
  s.vscr = edgeVscr(rng);
  return s;
}

export { f64bits };
