import type { Cpu } from '../../cpu/cpu.js';
import { Flow } from '../../decode/instruction.js';
import { W_FPR, W_FPSCR } from '../../state/layout.js';
import { fRT, fRA, fRB, fBF, fBFA } from '../fields.js';
import { setCrField } from '../registers.js';
import { illegal } from '../system.js';
import { storeFpscr, setCr1, fpscrTrapCode, fpEnabledException, EX_CLEAR, FEX, VX, NI, RN, FR, FI, FPRF, VE, OE, UE, ZE, XE, DRN_HI } from './fpscr.js';

const ENABLES = VE | OE | UE | ZE | XE;
/** mffscrn/mffscdrn results: DRN, the enables, NI and RN. */
const CONTROL_LO = ENABLES | NI | RN;
/** mffsl result: DRN, FR FI FPRF, the enables, NI and RN. */
const LIGHT_LO = FR | FI | FPRF | ENABLES | NI | RN;

function setFprPair(c: Cpu, t: number, hi: number, lo: number): void {
  c.r[W_FPR + 2 * t] = lo;
  c.r[W_FPR + 2 * t + 1] = hi;
}

// mffs[.] mffsce mffscdrn mffscdrni mffscrn mffscrni mffsl FRT(,FRB|imm) (X-form, Book I 4.6.10):
// the RA field selects the form (0, 1, 20..24; others are illegal); only mffs has an Rc form
function mffsFamily(c: Cpu, w: number): number {
  const t = fRT(w);
  const lo = c.r[W_FPSCR]!, hi = c.r[W_FPSCR + 1]!;
  switch (fRA(w)) {
    case 0: // mffs
      setFprPair(c, t, hi, lo);
      if ((w & 1) !== 0) setCr1(c);
      return Flow.Next;
    case 1: // mffsce: then clear the enables
      setFprPair(c, t, hi, lo);
      storeFpscr(c, lo & ~ENABLES, hi);
      return Flow.Next;
    case 20: { // mffscdrn: DRN <- FRB[DRN]
      const drn = c.r[W_FPR + 2 * fRB(w) + 1]! & DRN_HI;
      setFprPair(c, t, hi & DRN_HI, lo & CONTROL_LO);
      storeFpscr(c, lo, (hi & ~DRN_HI) | drn);
      return Flow.Next;
    }
    case 21: // mffscdrni: DRN <- DRM
      setFprPair(c, t, hi & DRN_HI, lo & CONTROL_LO);
      storeFpscr(c, lo, (hi & ~DRN_HI) | ((w >>> 11) & 7));
      return Flow.Next;
    case 22: { // mffscrn: RN <- FRB[RN]
      const rn = c.r[W_FPR + 2 * fRB(w)]! & RN;
      setFprPair(c, t, hi & DRN_HI, lo & CONTROL_LO);
      storeFpscr(c, (lo & ~RN) | rn, hi);
      return Flow.Next;
    }
    case 23: // mffscrni: RN <- RM
      setFprPair(c, t, hi & DRN_HI, lo & CONTROL_LO);
      storeFpscr(c, (lo & ~RN) | ((w >>> 11) & RN), hi);
      return Flow.Next;
    case 24: // mffsl
      setFprPair(c, t, hi & DRN_HI, lo & LIGHT_LO);
      return Flow.Next;
    default:
      return illegal(c, w);
  }
}

// mcrfs BF,BFA (X-form, Book I 4.6.10): CR field BF <- FPSCR field BFA, whose exception bits are cleared
function mcrfs(c: Cpu, w: number): number {
  if ((w & 0x0063f801) !== 0) return illegal(c, w);
  const sh = (7 - fBFA(w)) * 4;
  const lo = c.r[W_FPSCR]!;
  setCrField(c, fBF(w), (lo >>> sh) & 0xf);
  storeFpscr(c, lo & ~((0xf << sh) & EX_CLEAR), c.r[W_FPSCR + 1]!);
  return Flow.Next;
}

// mtfsfi[.] BF,U,W (X-form, Book I 4.6.10): FPSCR field BF + 8*(1-W) <- U
function mtfsfi(c: Cpu, w: number): number {
  if ((w & 0x006e0800) !== 0) return illegal(c, w);
  const u = (w >>> 12) & 0xf;
  let lo = c.r[W_FPSCR]!, hi = c.r[W_FPSCR + 1]!;
  const sh = (7 - fBF(w)) * 4;
  if ((w & 0x10000) !== 0) hi = (hi & ~(0xf << sh)) | (u << sh);
  else lo = (lo & ~(0xf << sh)) | (u << sh);
  storeFpscr(c, lo, hi);
  if ((w & 1) !== 0) setCr1(c);
  return checkAfterMove(c);
}

/** After mtfsf, mtfsfi and mtfsb1: QEMU interrupts when an exception is now enabled. */
function checkAfterMove(c: Cpu): number {
  const code = fpscrTrapCode(c.r[W_FPSCR]!);
  return code === 0 ? Flow.Next : fpEnabledException(c, code);
}

// mtfsf[.] FLM,FRB,L,W (XFL-form, Book I 4.6.10): the FPSCR fields FLM selects (all with L=1,
// the high word's with W=1) <- FRB
function mtfsf(c: Cpu, w: number): number {
  const b = fRB(w);
  const vlo = c.r[W_FPR + 2 * b]!, vhi = c.r[W_FPR + 2 * b + 1]!;
  let lo = c.r[W_FPSCR]!, hi = c.r[W_FPSCR + 1]!;
  if ((w & 0x02000000) !== 0) { // L
    lo = vlo; hi = vhi;
  } else {
    const flm = (w >>> 17) & 0xff;
    let mask = 0;
    for (let i = 0; i < 8; i++) if ((flm >>> i) & 1) mask |= 0xf << (4 * i);
    if ((w & 0x10000) !== 0) hi = (hi & ~mask) | (vhi & mask);
    else lo = (lo & ~mask) | (vlo & mask);
  }
  storeFpscr(c, lo, hi);
  if ((w & 1) !== 0) setCr1(c);
  return checkAfterMove(c);
}

// mtfsb0[.] BT / mtfsb1[.] BT (X-form, Book I 4.6.10): clear or set FPSCR bit 32+BT;
// like QEMU, FEX and VX are never changed directly, and mtfsb1 ignores NI
function mtfsb(c: Cpu, w: number): number {
  if ((w & 0x001ff800) !== 0) return illegal(c, w);
  const m = 1 << (31 - fRT(w));
  const lo = c.r[W_FPSCR]!;
  if (m !== FEX && m !== VX) {
    if ((w & 0x80) !== 0) { // xo 70 mtfsb0
      if ((lo & m) !== 0) storeFpscr(c, lo & ~m, c.r[W_FPSCR + 1]!);
    } else if (m !== NI && (lo & m) === 0) {
      storeFpscr(c, lo | m, c.r[W_FPSCR + 1]!);
    }
  }
  if ((w & 1) !== 0) setCr1(c);
  return (w & 0x80) !== 0 ? Flow.Next : checkAfterMove(c);
}

export { mffsFamily, mcrfs, mtfsfi, mtfsf, mtfsb };
