import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_FPR, W_FPSCR } from '../../state/layout.js';
import { clearDw1 } from '../vector/vsr.js';
import { fRT, fRA, fRB, fBF, fBFA, fRc, fDRM, fRM, fU, fW16, fL25, fFLM } from '../fields.js';
import { setCrField } from '../registers.js';
import { status } from './softfloat.js';
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
  clearDw1(c.r, t);
}

// mffs[.] mffsce mffscdrn mffscdrni mffscrn mffscrni mffsl FRT(,FRB|imm) (X-form, Book I 4.6.10):
// the RA field selects the form (0, 1, 20..24; others are illegal); only mffs has an Rc form.
// QEMU 7.2 resets the softfloat flags first (gen_reset_fpstatus in trans_MFFS and the others), which
// the VSX instructions that check the status without a reset of their own then see (vsx-fp-*.ts)
function mffsFamily(c: Cpu, w: number): number {
  status.flags = 0;
  const t = fRT(w);
  const lo = c.r[W_FPSCR]!, hi = c.r[W_FPSCR + 1]!;
  switch (fRA(w)) {
    case 0: // mffs
      setFprPair(c, t, hi, lo);
      if (fRc(w) !== 0) setCr1(c);
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
      storeFpscr(c, lo, (hi & ~DRN_HI) | fDRM(w));
      return Flow.Next;
    case 22: { // mffscrn: RN <- FRB[RN]
      const rn = c.r[W_FPR + 2 * fRB(w)]! & RN;
      setFprPair(c, t, hi & DRN_HI, lo & CONTROL_LO);
      storeFpscr(c, (lo & ~RN) | rn, hi);
      return Flow.Next;
    }
    case 23: // mffscrni: RN <- RM
      setFprPair(c, t, hi & DRN_HI, lo & CONTROL_LO);
      storeFpscr(c, (lo & ~RN) | fRM(w), hi);
      return Flow.Next;
    case 24: // mffsl
      setFprPair(c, t, hi & DRN_HI, lo & LIGHT_LO);
      return Flow.Next;
    default:
      return illegal(c, w);
  }
}

// mcrfs BF,BFA (X-form, Book I 4.6.10): CR field BF <- FPSCR field BFA, whose exception bits are
// cleared; ISA bits 9:10, 14:20 and 31 are reserved (the row's mask)
function mcrfs(c: Cpu, w: number): number {
  const sh = (7 - fBFA(w)) * 4;
  const lo = c.r[W_FPSCR]!;
  setCrField(c, fBF(w), (lo >>> sh) & 0xf);
  storeFpscr(c, lo & ~((0xf << sh) & EX_CLEAR), c.r[W_FPSCR + 1]!);
  return Flow.Next;
}

// mtfsfi[.] BF,U,W (X-form, Book I 4.6.10): FPSCR field BF + 8*(1-W) <- U; ISA bits 9:10, 12:14
// and 20 are reserved (the row's mask: QEMU's, which leaves bit 11 alone)
function mtfsfi(c: Cpu, w: number): number {
  const u = fU(w);
  let lo = c.r[W_FPSCR]!, hi = c.r[W_FPSCR + 1]!;
  const sh = (7 - fBF(w)) * 4;
  if (fW16(w) !== 0) hi = (hi & ~(0xf << sh)) | (u << sh);
  else lo = (lo & ~(0xf << sh)) | (u << sh);
  storeFpscr(c, lo, hi);
  if (fRc(w) !== 0) setCr1(c);
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
  if (fL25(w) !== 0) {
    lo = vlo; hi = vhi;
  } else {
    const flm = fFLM(w);
    let mask = 0;
    for (let i = 0; i < 8; i++) if ((flm >>> i) & 1) mask |= 0xf << (4 * i);
    if (fW16(w) !== 0) hi = (hi & ~mask) | (vhi & mask);
    else lo = (lo & ~mask) | (vlo & mask);
  }
  storeFpscr(c, lo, hi);
  if (fRc(w) !== 0) setCr1(c);
  return checkAfterMove(c);
}

// mtfsb0[.] BT / mtfsb1[.] BT (X-form, Book I 4.6.10): clear or set FPSCR bit 32+BT;
// like QEMU, FEX and VX are never changed directly, and mtfsb1 ignores NI. RA and RB are reserved
// (the rows' mask). One handler per row, made once: set = mtfsb1.
const mtfsb = (set: boolean): Handler => (c: Cpu, w: number): number => {
  // QEMU 7.2's gen_mtfsb0 resets the softfloat flags and gen_mtfsb1 does not (measured by difftest:
  // xvmaxdp after either reports the flags it finds, vsx-fp-minmax.ts)
  if (!set) status.flags = 0;
  const m = 1 << (31 - fRT(w));
  const lo = c.r[W_FPSCR]!;
  if (m !== FEX && m !== VX) {
    if (!set) {
      if ((lo & m) !== 0) storeFpscr(c, lo & ~m, c.r[W_FPSCR + 1]!);
    } else if (m !== NI && (lo & m) === 0) {
      storeFpscr(c, lo | m, c.r[W_FPSCR + 1]!);
    }
  }
  if (fRc(w) !== 0) setCr1(c);
  return set ? checkAfterMove(c) : Flow.Next;
};
const mtfsb0 = mtfsb(false), mtfsb1 = mtfsb(true);

export { mffsFamily, mcrfs, mtfsfi, mtfsf, mtfsb0, mtfsb1 };
