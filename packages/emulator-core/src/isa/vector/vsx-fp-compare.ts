import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_FPSCR } from '../../state/layout.js';
import { fXA, fXB, fBF } from '../fields.js';
import { setCrField } from '../registers.js';
import { status } from '../fp/softfloat.js';
import { FPCC, FPRF_SHIFT, FX, VX, VXSNAN, VXVC, VE, FEX, FPE_FLTSUB, fpEnabledException } from '../fp/fpscr.js';
import { getDwHi, getDwLo } from './vsr.js';

/*
 * The VSX scalar double-precision compares xscmpudp and xscmpodp (XX3-form, Power
 * ISA 3.0B Book I 7.6.1.6), as QEMU 7.2's do_scalar_cmp computes them: the softfloat
 * flags are reset, CR field BF and FPSCR[FPCC] get LT/GT/EQ/UN, then an SNaN operand
 * records VXSNAN and, for the ordered form, any NaN records VXVC (not with an SNaN
 * when VE=1). Its status check runs with change_fi=false, so FI (and FR) keep their
 * old values, unlike fcmpu.
 */

const isNaN64 = (hi: number, lo: number): boolean => (hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0xfffff) | lo) !== 0;
const isSNaN64 = (hi: number, lo: number): boolean => isNaN64(hi, lo) && (hi & 0x80000) === 0;

/** -1, 0 or 1 for a < b, a == b, a > b of two non-NaN doubles given by their bits (±0 equal). */
function compareBits(ah: number, al: number, bh: number, bl: number): number {
  const aZero = (ah & 0x7fffffff) === 0 && al === 0, bZero = (bh & 0x7fffffff) === 0 && bl === 0;
  if (aZero && bZero) return 0;
  const an = ah < 0, bn = bh < 0;
  if (an !== bn) return an ? -1 : 1;
  // same sign: magnitudes order as unsigned (hi, lo) pairs
  const ahm = ah & 0x7fffffff, bhm = bh & 0x7fffffff;
  let m: number;
  if (ahm !== bhm) m = ahm < bhm ? -1 : 1;
  else if (al !== bl) m = (al >>> 0) < (bl >>> 0) ? -1 : 1;
  else return 0;
  return an ? -m : m;
}

const xsCmp = (ordered: boolean): Handler => (c: Cpu, w: number): number => {
  const a = fXA(w), b = fXB(w);
  const ah = getDwHi(c.r, a, 0), al = getDwLo(c.r, a, 0), bh = getDwHi(c.r, b, 0), bl = getDwLo(c.r, b, 0);
  status.flags = 0; // helper_reset_fpstatus
  let fp = c.r[W_FPSCR]!;
  let cc: number;
  const unordered = isNaN64(ah, al) || isNaN64(bh, bl);
  if (unordered) cc = 1;
  else {
    const r = compareBits(ah, al, bh, bl);
    cc = r < 0 ? 8 : r > 0 ? 4 : 2;
  }
  fp = (fp & ~FPCC) | (cc << FPRF_SHIFT);
  setCrField(c, fBF(w), cc);
  if (unordered) {
    const snan = isSNaN64(ah, al) || isSNaN64(bh, bl);
    if (snan) {
      fp |= VXSNAN | VX | FX;
      if ((fp & VE) !== 0) {
        // float_invalid_op_vxsnan interrupts at once with VE=1
        c.r[W_FPSCR] = fp | FEX;
        return fpEnabledException(c, FPE_FLTSUB);
      }
    }
    if (ordered) {
      fp |= VXVC | VX | FX;
      if ((fp & VE) !== 0) {
        c.r[W_FPSCR] = fp | FEX;
        return fpEnabledException(c, FPE_FLTSUB);
      }
    }
  }
  c.r[W_FPSCR] = fp;
  return Flow.Next;
};

// xscmpudp BF,XA,XB / xscmpodp BF,XA,XB: ISA bits 9:10 and 31 are reserved (the rows' mask)
export const xscmpudp = xsCmp(false), xscmpodp = xsCmp(true);
