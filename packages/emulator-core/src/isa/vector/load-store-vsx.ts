import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { fRA, fRB, fVRT, fXS, fXT, fXT_DQ, fDS, fDQ } from '../fields.js';
import { ea, eaD, eaX, hi } from '../registers.js';
import { out, singleToDouble } from '../fp/softfloat.js';
import { doubleToSingle } from '../fp/load-store.js';
import { loadBytes, loadQuad, storeBytes, storeQuad } from './memory.js';
import { VR, q, readVsr, writeVsr, dw0At, dw1At, wordAt, getByte, getHalf } from './vsr.js';

/*
 * The VSX loads and stores of Power ISA 3.0B Book I 7.6.1 (XX1-form XT/XS,RA,RB;
 * DS-form lxsd...; DQ-form lxv/stxv), as QEMU 7.2 (target/ppc/translate/vsx-impl.c.inc:
 * gen_lxvd2x, gen_lxvw4x, gen_lxvh8x, gen_lxvb16x, do_lstxv, VSX_LOAD_SCALAR,
 * helper_lxvl...). The element order of each is that of memory.ts's `size`.
 */

/** A full-vector X-form load of elements of `size` bytes (16: lxvx, byte-reversed in LE mode). */
const lxvX = (size: number): Handler => (c: Cpu, w: number): number => {
  eaX(c, fRA(w), fRB(w));
  loadQuad(c, size, c.littleEndian, q);
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
};
const stxvX = (size: number): Handler => (c: Cpu, w: number): number => {
  eaX(c, fRA(w), fRB(w));
  readVsr(c.r, fXS(w), q);
  storeQuad(c, size, c.littleEndian, q);
  return Flow.Next;
};
// lxvd2x lxvw4x lxvh8x lxvb16x lxvx, and the stores
export const lxvd2x = lxvX(8), lxvw4x = lxvX(4), lxvh8x = lxvX(2), lxvb16x = lxvX(1), lxvx = lxvX(16);
export const stxvd2x = stxvX(8), stxvw4x = stxvX(4), stxvh8x = stxvX(2), stxvb16x = stxvX(1), stxvx = stxvX(16);

// lxv XT,DQ(RA) / stxv XS,DQ(RA) (DQ-form): as lxvx/stxvx
export function lxv(c: Cpu, w: number): number {
  eaD(c, fRA(w), fDQ(w));
  loadQuad(c, 16, c.littleEndian, q);
  writeVsr(c.r, fXT_DQ(w), q);
  return Flow.Next;
}
export function stxv(c: Cpu, w: number): number {
  eaD(c, fRA(w), fDQ(w));
  readVsr(c.r, fXT_DQ(w), q);
  storeQuad(c, 16, c.littleEndian, q);
  return Flow.Next;
}

// lxvdsx XT,RA,RB: the doubleword at EA into both doublewords
export function lxvdsx(c: Cpu, w: number): number {
  eaX(c, fRA(w), fRB(w));
  const l = c.load64(ea.hi, ea.lo, c.littleEndian), h = c.loadedHi, t = fXT(w);
  const d0 = dw0At(t), d1 = dw1At(t);
  c.r[d0] = l; c.r[d0 + 1] = h; c.r[d1] = l; c.r[d1 + 1] = h;
  return Flow.Next;
}

// lxvwsx XT,RA,RB: the word at EA into all four words
export function lxvwsx(c: Cpu, w: number): number {
  eaX(c, fRA(w), fRB(w));
  const v = c.load32(ea.hi, ea.lo, c.littleEndian), t = fXT(w);
  const d0 = dw0At(t), d1 = dw1At(t);
  c.r[d0] = v; c.r[d0 + 1] = v; c.r[d1] = v; c.r[d1 + 1] = v;
  return Flow.Next;
}

/*
 * lxvl lxvll XT,RA,RB / stxvl stxvll XS,RA,RB: the byte count is GPR[RB] bits 0:7
 * (at most 16), the address (RA|0). lxvl/stxvl place byte i of memory in register
 * byte 15 - i in LE mode (i otherwise); lxvll/stxvll always in byte i (helper_lxvl...).
 */
const lengthOf = (c: Cpu, w: number): number => Math.min(hi(c, fRB(w)) >>> 24, 16);
const eaRA = (c: Cpu, w: number): void => eaD(c, fRA(w), 0);
const lxvlX = (leftJustified: boolean): Handler => (c: Cpu, w: number): number => {
  eaRA(c, w);
  loadBytes(c, lengthOf(c, w), !leftJustified && c.littleEndian, q);
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
};
const stxvlX = (leftJustified: boolean): Handler => (c: Cpu, w: number): number => {
  eaRA(c, w);
  readVsr(c.r, fXS(w), q);
  storeBytes(c, lengthOf(c, w), !leftJustified && c.littleEndian, q);
  return Flow.Next;
};
export const lxvl = lxvlX(false), lxvll = lxvlX(true), stxvl = stxvlX(false), stxvll = stxvlX(true);

/**
 * Scalar loads: what goes into doubleword 0. The X-forms leave doubleword 1 as it
 * was (QEMU's VSX_LOAD_SCALAR, gen_lxsibzx); the ISA 3.0 DS-forms lxsd/lxssp clear it.
 */
const enum Scalar { Double, Single, WordSigned, WordZero, Byte, Half }

function loadScalar(c: Cpu, t: number, kind: Scalar): void {
  const at = dw0At(t), le = c.littleEndian;
  let h = 0, l: number;
  switch (kind) {
    case Scalar.Double: l = c.load64(ea.hi, ea.lo, le); h = c.loadedHi; break;
    case Scalar.Single: singleToDouble(c.load32(ea.hi, ea.lo, le)); l = out.lo; h = out.hi; break;
    case Scalar.WordSigned: l = c.load32(ea.hi, ea.lo, le); h = l >> 31; break;
    case Scalar.WordZero: l = c.load32(ea.hi, ea.lo, le); break;
    case Scalar.Byte: l = c.load8(ea.hi, ea.lo); break;
    default: l = c.load16(ea.hi, ea.lo, le); break;
  }
  c.r[at] = l; c.r[at + 1] = h;
}

function storeScalar(c: Cpu, s: number, kind: Scalar): void {
  const at = dw0At(s), le = c.littleEndian;
  switch (kind) {
    case Scalar.Double: c.store64(ea.hi, ea.lo, c.r[at + 1]!, c.r[at]!, le); break;
    case Scalar.Single: c.store32(ea.hi, ea.lo, doubleToSingle(c.r[at + 1]!, c.r[at]!), le); break;
    case Scalar.WordZero: c.store32(ea.hi, ea.lo, c.r[wordAt(s, 1)]!, le); break;
    case Scalar.Byte: c.store8(ea.hi, ea.lo, getByte(c.r, s, 7)); break;
    default: c.store16(ea.hi, ea.lo, getHalf(c.r, s, 3), le); break;
  }
}

// lxsdx lxsspx lxsiwax lxsiwzx lxsibzx lxsihzx XT,RA,RB; stxsdx stxsspx stxsiwx stxsibx stxsihx XS,RA,RB
const lxsX = (kind: Scalar): Handler => (c: Cpu, w: number): number => {
  eaX(c, fRA(w), fRB(w));
  loadScalar(c, fXT(w), kind);
  return Flow.Next;
};
const stxsX = (kind: Scalar): Handler => (c: Cpu, w: number): number => {
  eaX(c, fRA(w), fRB(w));
  storeScalar(c, fXS(w), kind);
  return Flow.Next;
};
export const lxsdx = lxsX(Scalar.Double), lxsspx = lxsX(Scalar.Single), lxsiwax = lxsX(Scalar.WordSigned);
export const lxsiwzx = lxsX(Scalar.WordZero), lxsibzx = lxsX(Scalar.Byte), lxsihzx = lxsX(Scalar.Half);
export const stxsdx = stxsX(Scalar.Double), stxsspx = stxsX(Scalar.Single), stxsiwx = stxsX(Scalar.WordZero);
export const stxsibx = stxsX(Scalar.Byte), stxsihx = stxsX(Scalar.Half);

// lxsd lxssp VRT,DS(RA) / stxsd stxssp VRS,DS(RA) (DS-form): VSR 32 + VRT
const lxsDS = (kind: Scalar): Handler => (c: Cpu, w: number): number => {
  eaD(c, fRA(w), fDS(w));
  const t = VR(fVRT(w));
  loadScalar(c, t, kind);
  const d1 = dw1At(t);
  c.r[d1] = 0; c.r[d1 + 1] = 0;
  return Flow.Next;
};
const stxsDS = (kind: Scalar): Handler => (c: Cpu, w: number): number => {
  eaD(c, fRA(w), fDS(w));
  storeScalar(c, VR(fVRT(w)), kind);
  return Flow.Next;
};
export const lxsd = lxsDS(Scalar.Double), lxssp = lxsDS(Scalar.Single);
export const stxsd = stxsDS(Scalar.Double), stxssp = stxsDS(Scalar.Single);
