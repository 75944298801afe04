import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_FPR } from '../../state/layout.js';
import { clearDw1 } from '../vector/vsr.js';
import { fRT, fRA, fRB, fSI, fDS } from '../fields.js';
import { ea, eaD, eaX, setGpr } from '../registers.js';
import { illegal } from '../system.js';
import { out, singleToDouble } from './softfloat.js';

/**
 * SINGLE(x) of Book I 4.6.3 (QEMU helper_tosingle): the single bits stored by stfs;
 * no rounding, values below the single denormal range store as zero.
 */
export function doubleToSingle(hi: number, lo: number): number {
  const e = (hi >>> 20) & 0x7ff;
  if (e > 896) return (hi & 0xc0000000) | ((hi & 0x07ffffff) << 3) | (lo >>> 29);
  const sign = hi & 0x80000000;
  if (e < 874) return sign;
  const m = (0x100000 | (hi & 0xfffff)) * 4294967296 + (lo >>> 0);
  return sign | Math.floor(m / 2 ** (926 - e));
}

/** Load the FPR from EA: a single (converted) or a doubleword. */
function loadAt(c: Cpu, t: number, dbl: boolean): void {
  if (dbl) {
    const lo = c.load64(ea.hi, ea.lo, c.littleEndian);
    c.r[W_FPR + 2 * t] = lo;
    c.r[W_FPR + 2 * t + 1] = c.loadedHi;
    clearDw1(c.r, t);
  } else {
    singleToDouble(c.load32(ea.hi, ea.lo, c.littleEndian));
    c.r[W_FPR + 2 * t] = out.lo;
    c.r[W_FPR + 2 * t + 1] = out.hi;
    clearDw1(c.r, t);
  }
}

/** Store the FPR at EA: converted to single, or as a doubleword. */
function storeAt(c: Cpu, s: number, dbl: boolean): void {
  const hi = c.r[W_FPR + 2 * s + 1]!, lo = c.r[W_FPR + 2 * s]!;
  if (dbl) c.store64(ea.hi, ea.lo, hi, lo, c.littleEndian);
  else c.store32(ea.hi, ea.lo, doubleToSingle(hi, lo), c.littleEndian);
}

/*
 * The loads and stores of Book I 4.6.2 and 4.6.3, one handler per row, made once: `dbl`
 * is a doubleword (lfd, stfd...) rather than a single, `update` writes EA back to RA.
 * An update form with RA=0 is an invalid form, illegal as in QEMU.
 */
// lfs lfsu lfd lfdu FRT,D(RA) (D-form, Book I 4.6.2)
const lfD = (dbl: boolean, update: boolean): Handler => (c: Cpu, w: number): number => {
  const ra = fRA(w);
  if (update && ra === 0) return illegal(c, w);
  eaD(c, ra, fSI(w));
  loadAt(c, fRT(w), dbl);
  if (update) setGpr(c, ra, ea.hi, ea.lo);
  return Flow.Next;
};

// lfsx lfsux lfdx lfdux FRT,RA,RB (X-form, Book I 4.6.2): QEMU ignores Rc
const lfX = (dbl: boolean, update: boolean): Handler => (c: Cpu, w: number): number => {
  const ra = fRA(w);
  if (update && ra === 0) return illegal(c, w);
  eaX(c, ra, fRB(w));
  loadAt(c, fRT(w), dbl);
  if (update) setGpr(c, ra, ea.hi, ea.lo);
  return Flow.Next;
};

// stfs stfsu stfd stfdu FRS,D(RA) (D-form, Book I 4.6.3)
const stfD = (dbl: boolean, update: boolean): Handler => (c: Cpu, w: number): number => {
  const ra = fRA(w);
  if (update && ra === 0) return illegal(c, w);
  eaD(c, ra, fSI(w));
  storeAt(c, fRT(w), dbl);
  if (update) setGpr(c, ra, ea.hi, ea.lo);
  return Flow.Next;
};

// stfsx stfsux stfdx stfdux FRS,RA,RB (X-form, Book I 4.6.3): QEMU ignores Rc
const stfX = (dbl: boolean, update: boolean): Handler => (c: Cpu, w: number): number => {
  const ra = fRA(w);
  if (update && ra === 0) return illegal(c, w);
  eaX(c, ra, fRB(w));
  storeAt(c, fRT(w), dbl);
  if (update) setGpr(c, ra, ea.hi, ea.lo);
  return Flow.Next;
};

const lfs = lfD(false, false), lfsu = lfD(false, true), lfd = lfD(true, false), lfdu = lfD(true, true);
const lfsx = lfX(false, false), lfsux = lfX(false, true), lfdx = lfX(true, false), lfdux = lfX(true, true);
const stfs = stfD(false, false), stfsu = stfD(false, true), stfd = stfD(true, false), stfdu = stfD(true, true);
const stfsx = stfX(false, false), stfsux = stfX(false, true), stfdx = stfX(true, false), stfdux = stfX(true, true);

// lfiwax lfiwzx FRT,RA,RB (X-form, Book I 4.6.2): a word sign- or zero-extended into the FPR;
// Rc=1 is illegal (the rows' mask). One handler per row, made once.
const lfiwX = (zeroExtend: boolean): Handler => (c: Cpu, w: number): number => {
  eaX(c, fRA(w), fRB(w));
  const v = c.load32(ea.hi, ea.lo, c.littleEndian);
  const t = fRT(w);
  c.r[W_FPR + 2 * t] = v;
  c.r[W_FPR + 2 * t + 1] = zeroExtend ? 0 : v >> 31;
  clearDw1(c.r, t);
  return Flow.Next;
};
const lfiwax = lfiwX(false), lfiwzx = lfiwX(true);

// stfiwx FRS,RA,RB (X-form, Book I 4.6.3): the FPR's low word; Rc=1 is illegal (the row's mask)
function stfiwX(c: Cpu, w: number): number {
  eaX(c, fRA(w), fRB(w));
  c.store32(ea.hi, ea.lo, c.r[W_FPR + 2 * fRT(w)]!, c.littleEndian);
  return Flow.Next;
}

/**
 * The pair FRTp, FRTp+1 at EA (load) or to EA (store): in little-endian mode the
 * doubleword at EA belongs to FRTp+1 and the one at EA+8 to FRTp, as in QEMU.
 */
function pairAt(c: Cpu, t: number, store: boolean): void {
  const le = c.littleEndian;
  const first = le ? (t + 1) & 31 : t, second = le ? t : (t + 1) & 31;
  const hi = ea.hi, lo = ea.lo;
  const lo8 = (lo + 8) | 0;
  const hi8 = c.mode64 && (lo >>> 0) > 0xfffffff7 ? (hi + 1) | 0 : hi;
  if (store) {
    c.store64(hi, lo, c.r[W_FPR + 2 * first + 1]!, c.r[W_FPR + 2 * first]!, le);
    c.store64(hi8, lo8, c.r[W_FPR + 2 * second + 1]!, c.r[W_FPR + 2 * second]!, le);
  } else {
    const l1 = c.load64(hi, lo, le), h1 = c.loadedHi;
    const l2 = c.load64(hi8, lo8, le), h2 = c.loadedHi;
    c.r[W_FPR + 2 * first] = l1;
    c.r[W_FPR + 2 * first + 1] = h1;
    clearDw1(c.r, first);
    c.r[W_FPR + 2 * second] = l2;
    c.r[W_FPR + 2 * second + 1] = h2;
    clearDw1(c.r, second);
  }
}

// lfdp FRTp,DS(RA) / stfdp FRSp,DS(RA) (DS-form, Book I 4.6.4); QEMU accepts an odd register.
// One handler per row, made once.
const fdpDS = (store: boolean): Handler => (c: Cpu, w: number): number => {
  eaD(c, fRA(w), fDS(w));
  pairAt(c, fRT(w), store);
  return Flow.Next;
};
const lfdp = fdpDS(false), stfdp = fdpDS(true);

// lfdpx FRTp,RA,RB / stfdpx FRSp,RA,RB (X-form, Book I 4.6.4): an odd register (ISA bit 10) or
// Rc=1 is illegal (the rows' mask). One handler per row, made once.
const fdpX = (store: boolean): Handler => (c: Cpu, w: number): number => {
  eaX(c, fRA(w), fRB(w));
  pairAt(c, fRT(w), store);
  return Flow.Next;
};
const lfdpx = fdpX(false), stfdpx = fdpX(true);

export {
  lfs, lfsu, lfd, lfdu, lfsx, lfsux, lfdx, lfdux, stfs, stfsu, stfd, stfdu, stfsx, stfsux, stfdx, stfdux,
  lfiwax, lfiwzx, stfiwX, lfdp, stfdp, lfdpx, stfdpx,
};
