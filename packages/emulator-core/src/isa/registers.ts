import type { Cpu } from '../cpu/cpu.js';
import { W_GPR, W_CR, W_XER, XER_SO, XER_OV, XER_OV32, XER_CA, XER_CA32 } from '../state/layout.js';

/**
 * Small accessors shared by the cold instruction handlers. The hot paths in
 * interp/run.ts index the register file directly.
 */
export const lo = (c: Cpu, n: number): number => c.r[W_GPR + 2 * n]!;
export const hi = (c: Cpu, n: number): number => c.r[W_GPR + 2 * n + 1]!;
export function setGpr(c: Cpu, n: number, h: number, l: number): void {
  c.r[W_GPR + 2 * n] = l;
  c.r[W_GPR + 2 * n + 1] = h;
}
/** (RA|0): register RA, or zero when the field is 0. */
export const loOrZero = (c: Cpu, n: number): number => (n === 0 ? 0 : c.r[W_GPR + 2 * n]!);
export const hiOrZero = (c: Cpu, n: number): number => (n === 0 ? 0 : c.r[W_GPR + 2 * n + 1]!);

/** Set CR field `bf` (0..7) to a 4-bit LT/GT/EQ/SO value. */
export function setCrField(c: Cpu, bf: number, v: number): void {
  const sh = (7 - bf) * 4;
  c.r[W_CR] = (c.r[W_CR]! & ~(15 << sh)) | (v << sh);
}

/** CR0 from a 64-bit result (Rc=1 in 64-bit mode): LT, GT, EQ and a copy of XER[SO]. */
export function setCr0(c: Cpu, h: number, l: number): void {
  let v: number;
  if (c.mode64) v = h < 0 ? 8 : (h !== 0 || l !== 0) ? 4 : 2;
  else v = l < 0 ? 8 : l !== 0 ? 4 : 2;
  if (c.r[W_XER]! & XER_SO) v |= 1;
  c.r[W_CR] = (c.r[W_CR]! & 0x0fffffff) | (v << 28);
}

/** XER[OV] and XER[OV32] from an OE=1 instruction; SO is sticky. */
export function setOverflow(c: Cpu, ov: boolean, ov32: boolean): void {
  let x = c.r[W_XER]! & ~(XER_OV | XER_OV32);
  if (ov) x |= XER_OV | XER_SO;
  if (ov32) x |= XER_OV32;
  c.r[W_XER] = x;
}

/** XER[CA] and XER[CA32] (ISA 3.0: CA32 is the carry out of bit 32). */
export function setCarry(c: Cpu, ca: number, ca32: number): void {
  let x = c.r[W_XER]! & ~(XER_CA | XER_CA32);
  if (ca) x |= XER_CA;
  if (ca32) x |= XER_CA32;
  c.r[W_XER] = x;
}
export const carryIn = (c: Cpu): number => (c.r[W_XER]! >>> 29) & 1;

/** Effective address scratch (no allocation): written by ea*(), read right after. */
export const ea = { hi: 0, lo: 0 };

/** ea = base(hi,lo) + signed 32-bit displacement; truncated to 32 bits when MSR[SF]=0. */
export function eaAdd(c: Cpu, bh: number, bl: number, d: number): void {
  const s = (bl >>> 0) + d;
  ea.lo = s | 0;
  ea.hi = c.mode64 ? (bh + (s - (s >>> 0)) / 4294967296) | 0 : 0;
}
/** D-form EA: (RA|0) + EXTS(disp). */
export function eaD(c: Cpu, raN: number, d: number): void {
  eaAdd(c, hiOrZero(c, raN), loOrZero(c, raN), d);
}
/** X-form EA: (RA|0) + (RB). */
export function eaX(c: Cpu, raN: number, rbN: number): void {
  const s = (loOrZero(c, raN) >>> 0) + (lo(c, rbN) >>> 0);
  ea.lo = s | 0;
  ea.hi = c.mode64 ? (hiOrZero(c, raN) + hi(c, rbN) + (s >= 4294967296 ? 1 : 0)) | 0 : 0;
}
