import type { Cpu } from '../../cpu/cpu.js';
import { Flow } from '../../decode/instruction.js';
import { W_CR, W_FPSCR, W_MSR } from '../../state/layout.js';
import { MSR_FE0, MSR_FE1 } from '../../cpu/msr.js';
import { programInterrupt, PROGRAM_FP_ENABLED } from '../../cpu/interrupts.js';
import { Exit } from '../../cpu/exit.js';
import {
  status, F_INVALID, F_DIVBYZERO, F_OVERFLOW, F_UNDERFLOW, F_INEXACT,
  F_INV_SNAN, F_INV_ISI, F_INV_IMZ, F_INV_IDI, F_INV_ZDZ, F_INV_SQRT,
} from './softfloat.js';

/**
 * FPSCR bits in the word at W_FPSCR (the architected 32-bit FPSCR, ISA bits
 * 32..63): ISA bit 32+i is bit 31-i here. The word at W_FPSCR+1 holds ISA bits
 * 0..31, of which only DRN (ISA 29..31, bits 2..0 there) exists.
 */
export const FX = 0x80000000 | 0;
export const FEX = 0x40000000;
export const VX = 0x20000000;
export const OX = 0x10000000;
export const UX = 0x08000000;
export const ZX = 0x04000000;
export const XX = 0x02000000;
export const VXSNAN = 0x01000000;
export const VXISI = 0x00800000;
export const VXIDI = 0x00400000;
export const VXZDZ = 0x00200000;
export const VXIMZ = 0x00100000;
export const VXVC = 0x00080000;
export const FR = 0x00040000;
export const FI = 0x00020000;
export const FPRF_SHIFT = 12;
export const FPRF = 0x1f << FPRF_SHIFT;
/** FPCC (FL FG FE FU), the low four bits of FPRF; C is the fifth. */
export const FPCC = 0xf << FPRF_SHIFT;
export const FPRF_C = 0x10 << FPRF_SHIFT;
export const FPRF_FU = 0x1 << FPRF_SHIFT;
export const VXSOFT = 0x400;
export const VXSQRT = 0x200;
export const VXCVI = 0x100;
export const VE = 0x80;
export const OE = 0x40;
export const UE = 0x20;
export const ZE = 0x10;
export const XE = 0x08;
export const NI = 0x04;
export const RN = 0x03;
/** The invalid-operation exception bits, whose OR is VX. */
export const VX_ANY = VXSNAN | VXISI | VXIDI | VXZDZ | VXIMZ | VXVC | VXSOFT | VXSQRT | VXCVI;
/** Bits mcrfs clears in the field it copies (QEMU's FP_EX_CLEAR_BITS). */
export const EX_CLEAR = FX | OX | UX | ZX | XX | VX_ANY;
/** Bits of the low word a move-to-FPSCR can write (QEMU 7.2 FPSCR_MTFS_MASK: not FEX, VX, bit 52). */
export const MTFS_MASK_LO = ~(FEX | VX | 0x800);
/** Bits of the high word a move-to-FPSCR can write: DRN. */
export const MTFS_MASK_HI = 0x7;
/** FPSCR[DRN] in the high word. */
export const DRN_HI = 0x7;

/**
 * FPRF for a double result given as its high and low words (QEMU compute_fprf:
 * a signalling NaN gets 0).
 */
export function fprfOf(hi: number, lo: number): number {
  const e = (hi >>> 20) & 0x7ff;
  const neg = hi < 0;
  if (e === 0x7ff) {
    if (((hi & 0xfffff) | lo) === 0) return neg ? 0x09 : 0x05;
    return (hi & 0x80000) !== 0 ? 0x11 : 0x00;
  }
  if (e === 0) {
    if (((hi & 0xfffff) | lo) === 0) return neg ? 0x12 : 0x02;
    return neg ? 0x18 : 0x14;
  }
  return neg ? 0x08 : 0x04;
}

/** FPSCR with FPRF set from the result bits. */
export const withFprf = (fp: number, hi: number, lo: number): number =>
  (fp & ~FPRF) | (fprfOf(hi, lo) << FPRF_SHIFT);

/** CR1 <- FPSCR[FX FEX VX OX] (Rc=1 of floating-point instructions). */
export function setCr1(c: Cpu): void {
  c.r[W_CR] = (c.r[W_CR]! & ~0x0f000000) | ((c.r[W_FPSCR]! >>> 4) & 0x0f000000);
}

/** Start of an arithmetic instruction: clear the flags, take the rounding mode. */
export function beginOp(c: Cpu): number {
  const fp = c.r[W_FPSCR]!;
  status.flags = 0;
  status.mode = fp & RN;
  status.rebiasO = (fp & OE) !== 0;
  status.rebiasU = (fp & UE) !== 0;
  return fp;
}

/** si_code of the SIGFPE QEMU's linux-user delivers for each enabled exception. */
export const FPE_FLTDIV = 3;
export const FPE_FLTOVF = 4;
export const FPE_FLTUND = 5;
export const FPE_FLTRES = 6;
export const FPE_FLTINV = 7; // QEMU's code for VXSOFT (a software-requested invalid operation)
export const FPE_FLTSUB = 8; // QEMU reports invalid operations with this code

/**
 * An enabled floating-point exception: QEMU delivers a Program interrupt (SRR1
 * FP-enabled, SRR0 the instruction; SIGFPE with si_code `code` in linux-user) after
 * the FPSCR update (and, for overflow, underflow, inexact and fcmpo's VXVC, after
 * the target is written). In system mode that happens when MSR[FE0] or MSR[FE1] is
 * set (imprecise modes are treated as precise, as QEMU does). In the Linux-user
 * runner it is always delivered, as QEMU's linux-user does (fp_exceptions_enabled is
 * true there): the Exit FloatingPointEnabled with NIP at the instruction and the
 * si_code in exitDetail.
 */
export function fpEnabledException(c: Cpu, code: number): number {
  if (!c.systemMode) {
    c.exitDetail = code;
    c.pendingExit = Exit.FloatingPointEnabled;
    return Flow.Exit;
  }
  if ((c.r[W_MSR]! & (MSR_FE0 | MSR_FE1)) !== 0) return programInterrupt(c, PROGRAM_FP_ENABLED);
  return Flow.Next;
}

/**
 * The si_code of an enabled invalid operation the last operation raised: linux-user
 * (cpu_loop.c) reports VXZDZ as FPE_FLTDIV, the other arithmetic kinds as FPE_FLTSUB.
 */
export const invalidCode = (flags: number): number => ((flags & F_INV_ZDZ) !== 0 ? FPE_FLTDIV : FPE_FLTSUB);

/** The si_code of an enabled exception the last operation raised after its result (XX wins, as in QEMU). */
export function deferredCode(fp: number): number {
  const f = status.flags;
  if ((f & F_INEXACT) !== 0 && (fp & XE) !== 0) return FPE_FLTRES;
  if ((f & F_OVERFLOW) !== 0 && (fp & OE) !== 0) return FPE_FLTOVF;
  return FPE_FLTUND;
}

/** The si_code QEMU's status check after a move to the FPSCR reports, or 0 when nothing is enabled. */
export function fpscrTrapCode(fp: number): number {
  if ((fp & OX) !== 0 && (fp & OE) !== 0) return FPE_FLTOVF;
  if ((fp & UX) !== 0 && (fp & UE) !== 0) return FPE_FLTUND;
  if ((fp & XX) !== 0 && (fp & XE) !== 0) return FPE_FLTRES;
  if ((fp & ZX) !== 0 && (fp & ZE) !== 0) return FPE_FLTDIV;
  // QEMU names the first of VXSOFT VXSNAN VXISI VXIDI VXZDZ VXIMZ...; linux-user reports VXSOFT
  // as FPE_FLTINV and VXZDZ as FPE_FLTDIV (measured with mtfsf and mtfsb1: VXZDZ|VXIMZ gives 3)
  if ((fp & VE) !== 0 && (fp & VX_ANY) !== 0) {
    if ((fp & VXSOFT) !== 0) return FPE_FLTINV;
    return (fp & (VXSNAN | VXISI | VXIDI)) === 0 && (fp & VXZDZ) !== 0 ? FPE_FLTDIV : FPE_FLTSUB;
  }
  return 0;
}

/**
 * Whether the operation just done raised an exception that QEMU delivers before
 * the target is written: invalid operation with VE=1, zero divide with ZE=1. Such
 * an instruction leaves its target FPR (and CR1) unchanged.
 */
export const trapsBeforeWrite = (fp: number): boolean =>
  ((status.flags & F_INVALID) !== 0 && (fp & VE) !== 0) ||
  ((status.flags & F_DIVBYZERO) !== 0 && (fp & ZE) !== 0);

/**
 * An invalid-operation exception: `bit` (a VX* bit), VX, FX; for the arithmetic
 * kinds (arith=true) FR and FI are cleared and, with VE=0, FPCC becomes C|FU
 * (QEMU finish_invalid_op_arith); VE=1 sets FEX.
 */
export function invalidOp(fp: number, bit: number, arith: boolean): number {
  fp |= bit | VX | FX;
  if (arith) {
    fp &= ~(FR | FI);
    if ((fp & VE) === 0) fp = (fp & ~FPCC) | FPRF_C | FPRF_FU;
  }
  if ((fp & VE) !== 0) fp |= FEX;
  return fp;
}

/** A zero-divide exception (QEMU float_zero_divide_excp). */
export function zeroDivide(fp: number): number {
  fp = (fp | ZX | FX) & ~(FR | FI);
  if ((fp & ZE) !== 0) fp |= FEX;
  return fp;
}

/** Invalid kinds of an addition or subtraction: VXISI, else VXSNAN. */
export function invalidAddSub(fp: number, flags: number): number {
  if ((flags & F_INV_ISI) !== 0) return invalidOp(fp, VXISI, true);
  if ((flags & F_INV_SNAN) !== 0) return invalidOp(fp, VXSNAN, false);
  return fp;
}

/** Invalid kinds of a multiplication: VXIMZ, else VXSNAN. */
export function invalidMul(fp: number, flags: number): number {
  if ((flags & F_INV_IMZ) !== 0) return invalidOp(fp, VXIMZ, true);
  if ((flags & F_INV_SNAN) !== 0) return invalidOp(fp, VXSNAN, false);
  return fp;
}

/** Invalid kinds of a multiply-add: VXIMZ, else those of an addition. */
export function invalidMulAdd(fp: number, flags: number): number {
  if ((flags & F_INV_IMZ) !== 0) return invalidOp(fp, VXIMZ, true);
  return invalidAddSub(fp, flags);
}

/** Invalid kinds of a division: VXIDI, else VXZDZ, else VXSNAN. */
export function invalidDiv(fp: number, flags: number): number {
  if ((flags & F_INV_IDI) !== 0) return invalidOp(fp, VXIDI, true);
  if ((flags & F_INV_ZDZ) !== 0) return invalidOp(fp, VXZDZ, true);
  if ((flags & F_INV_SNAN) !== 0) return invalidOp(fp, VXSNAN, false);
  return fp;
}

/** Invalid kinds of a square root: VXSQRT, else VXSNAN. */
export function invalidSqrt(fp: number, flags: number): number {
  if ((flags & F_INV_SQRT) !== 0) return invalidOp(fp, VXSQRT, true);
  if ((flags & F_INV_SNAN) !== 0) return invalidOp(fp, VXSNAN, false);
  return fp;
}

/** The invalid/zero-divide part of a divide-like result (fdiv, fre, frsqrte). */
export function divFlags(fp: number, flags: number): number {
  if ((flags & F_INVALID) !== 0) fp = invalidDiv(fp, flags);
  if ((flags & F_DIVBYZERO) !== 0) fp = zeroDivide(fp);
  return fp;
}

/**
 * Overflow, underflow and inexact after the result is written (QEMU
 * float_check_status): OX or UX, XX, FX; FI is the inexact flag; an enabled one
 * sets FEX (a deferred interrupt in QEMU).
 */
export function checkStatus(fp: number): number {
  const flags = status.flags;
  if ((flags & F_OVERFLOW) !== 0) {
    fp |= OX | FX;
    fp |= (fp & OE) !== 0 ? FEX : XX | FI;
  } else if ((flags & F_UNDERFLOW) !== 0) {
    fp |= UX | FX;
    if ((fp & UE) !== 0) fp |= FEX;
  }
  if ((flags & F_INEXACT) !== 0) {
    fp |= XX | FI | FX;
    if ((fp & XE) !== 0) fp |= FEX;
  } else {
    fp &= ~FI;
  }
  return fp;
}

/**
 * Whether the operation raised an exception whose enable is on after the result is
 * written. As in checkStatus, an overflow hides an underflow (QEMU's
 * do_float_check_status tests underflow only without overflow): a vector operation
 * with one element overflowing and another underflowing does not interrupt for UE.
 */
export const deferredTrap = (fp: number): boolean => {
  const f = status.flags;
  const ux = (f & F_OVERFLOW) === 0 && (f & F_UNDERFLOW) !== 0;
  return ((f & F_OVERFLOW) !== 0 && (fp & OE) !== 0) || (ux && (fp & UE) !== 0) ||
    ((f & F_INEXACT) !== 0 && (fp & XE) !== 0);
};

/**
 * A move to the FPSCR (QEMU ppc_store_fpscr): only writable bits change, VX is
 * recomputed from the VX* bits and FEX from the enabled exceptions. (mtfsf, mtfsfi
 * and mtfsb1 then interrupt when an exception is enabled: see fpscrTrapCode.)
 */
export function storeFpscr(c: Cpu, lo: number, hi: number): void {
  lo &= MTFS_MASK_LO;
  if ((lo & VX_ANY) !== 0) lo |= VX;
  if (((lo >>> 25) & (lo >>> 3) & 0x1f) !== 0) lo |= FEX;
  c.r[W_FPSCR] = lo;
  c.r[W_FPSCR + 1] = hi & MTFS_MASK_HI;
}

export { F_INVALID, F_DIVBYZERO, F_OVERFLOW, F_UNDERFLOW, F_INEXACT };
