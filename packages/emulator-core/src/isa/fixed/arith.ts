import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type InstructionDef } from '../../decode/instruction.js';
import { W_NIP } from '../../state/layout.js';
import { fRT, fRA, fRB, fRC, fSI, fDX, fRc, fOE } from '../fields.js';
import { lo, hi, setGpr, setCr0, setOverflow, setCarry, carryIn } from '../registers.js';
import { mulu128, muls128, result, productHigh, divu64, remainder, neg64 } from '../../cpu/int64.js';
import { withReserved } from '../rows.js';
import { isaBits } from '../../decode/field-specs.js';

const TWO32 = 4294967296;

/**
 * The common adder of Book I 3.3.9: RT = a + b + cin, with CA/CA32 (carry out of
 * bit 0 / bit 32) and OV/OV32 (signed overflow of the 64-bit / low 32-bit sum)
 * as QEMU's gen_op_arith_add computes them. Subtract-from forms pass ~RA. `oe` and
 * `rc` (0 or 1) are the XO-form's OE and Rc; the D-forms pass their fixed values.
 */
function addInto(
  c: Cpu, w: number, ah: number, al: number, bh: number, bl: number, cin: number, setsCa: boolean, oe: number, rc: number,
): number {
  const sl = (al >>> 0) + (bl >>> 0) + cin;
  const c32 = sl >= TWO32 ? 1 : 0;
  const sh = (ah >>> 0) + (bh >>> 0) + c32;
  const rl = sl | 0, rh = sh | 0;
  setGpr(c, fRT(w), rh, rl);
  if (setsCa) setCarry(c, sh >= TWO32 ? 1 : 0, c32);
  if (oe) setOverflow(c, ((ah ^ rh) & (bh ^ rh)) < 0, ((al ^ rl) & (bl ^ rl)) < 0);
  if (rc) setCr0(c, rh, rl);
  return Flow.Next;
}

// add[o][.] RT,RA,RB (XO): isa/semantics/hot.ts
// addc[o][.] RT,RA,RB (XO)
const addc = (c: Cpu, w: number) => addInto(c, w, hi(c, fRA(w)), lo(c, fRA(w)), hi(c, fRB(w)), lo(c, fRB(w)), 0, true, fOE(w), fRc(w));
// adde[o][.] RT,RA,RB (XO)
const adde = (c: Cpu, w: number) => addInto(c, w, hi(c, fRA(w)), lo(c, fRA(w)), hi(c, fRB(w)), lo(c, fRB(w)), carryIn(c), true, fOE(w), fRc(w));
// addme[o][.] RT,RA (XO): RA + CA - 1
const addme = (c: Cpu, w: number) => addInto(c, w, hi(c, fRA(w)), lo(c, fRA(w)), -1, -1, carryIn(c), true, fOE(w), fRc(w));
// addze[o][.] RT,RA (XO): RA + CA
const addze = (c: Cpu, w: number) => addInto(c, w, hi(c, fRA(w)), lo(c, fRA(w)), 0, 0, carryIn(c), true, fOE(w), fRc(w));
// subf[o][.] RT,RA,RB (XO): isa/semantics/hot.ts
// subfc[o][.] RT,RA,RB (XO)
const subfc = (c: Cpu, w: number) => addInto(c, w, ~hi(c, fRA(w)), ~lo(c, fRA(w)), hi(c, fRB(w)), lo(c, fRB(w)), 1, true, fOE(w), fRc(w));
// subfe[o][.] RT,RA,RB (XO)
const subfe = (c: Cpu, w: number) => addInto(c, w, ~hi(c, fRA(w)), ~lo(c, fRA(w)), hi(c, fRB(w)), lo(c, fRB(w)), carryIn(c), true, fOE(w), fRc(w));
// subfme[o][.] RT,RA (XO): ~RA + CA - 1
const subfme = (c: Cpu, w: number) => addInto(c, w, ~hi(c, fRA(w)), ~lo(c, fRA(w)), -1, -1, carryIn(c), true, fOE(w), fRc(w));
// subfze[o][.] RT,RA (XO): ~RA + CA
const subfze = (c: Cpu, w: number) => addInto(c, w, ~hi(c, fRA(w)), ~lo(c, fRA(w)), 0, 0, carryIn(c), true, fOE(w), fRc(w));

// neg[o][.] RT,RA (XO): isa/semantics/hot.ts

// addic RT,RA,SI (D): sets CA, CA32; the D-form has no OE or Rc (those bits belong to SI)
function addic(c: Cpu, w: number): number {
  const si = fSI(w);
  return addInto(c, w, hi(c, fRA(w)), lo(c, fRA(w)), si >> 31, si, 0, true, 0, 0);
}
// addic. RT,RA,SI (D): addic that records CR0
function addicRc(c: Cpu, w: number): number {
  const si = fSI(w);
  return addInto(c, w, hi(c, fRA(w)), lo(c, fRA(w)), si >> 31, si, 0, true, 0, 1);
}
// subfic RT,RA,SI (D): EXTS(SI) - RA, sets CA, CA32
function subfic(c: Cpu, w: number): number {
  const si = fSI(w);
  return addInto(c, w, ~hi(c, fRA(w)), ~lo(c, fRA(w)), si >> 31, si, 1, true, 0, 0);
}
// addi RT,RA,SI / addis RT,RA,SI (D): isa/semantics/hot.ts
// addpcis RT,D (DX) 3.3.9: RT = NIA + (d << 16)
function addpcis(c: Cpu, w: number): number {
  const sd = fDX(w); // d0||d1||d2, sign-extended
  const nl = (c.r[W_NIP]! >>> 0) + 4;
  const nh = c.r[W_NIP + 1]! + (nl >= TWO32 ? 1 : 0);
  const s = (nl % TWO32) + sd * 65536;
  setGpr(c, fRT(w), c.mode64 ? (nh + Math.floor(s / TWO32)) | 0 : 0, s | 0);
  return Flow.Next;
}

// mulli RT,RA,SI (D): low 64 bits of RA * EXTS(SI)
function mulli(c: Cpu, w: number): number {
  const si = fSI(w);
  mulu128(hi(c, fRA(w)), lo(c, fRA(w)), si >> 31, si);
  setGpr(c, fRT(w), result.hi, result.lo);
  return Flow.Next;
}
// mulld[o][.] RT,RA,RB (XO): low 64 bits; OV when the 128-bit product is not the sign extension of them
function mulld(c: Cpu, w: number): number {
  muls128(hi(c, fRA(w)), lo(c, fRA(w)), hi(c, fRB(w)), lo(c, fRB(w)));
  const rh = result.hi, rl = result.lo;
  setGpr(c, fRT(w), rh, rl);
  if (fOE(w)) { const sx = rh >> 31; const ov = productHigh.hi !== sx || productHigh.lo !== sx; setOverflow(c, ov, ov); }
  if (fRc(w)) setCr0(c, rh, rl);
  return Flow.Next;
}
// mullw[o][.] RT,RA,RB (XO): full 64-bit product of the low words (signed)
function mullw(c: Cpu, w: number): number {
  const a = lo(c, fRA(w)), b = lo(c, fRB(w));
  muls128(a >> 31, a, b >> 31, b);
  const rh = result.hi, rl = result.lo;
  setGpr(c, fRT(w), rh, rl);
  if (fOE(w)) { const ov = rh !== (rl >> 31); setOverflow(c, ov, ov); }
  if (fRc(w)) setCr0(c, rh, rl);
  return Flow.Next;
}
// mulhd[.] RT,RA,RB (XO): high 64 bits of the signed 128-bit product
function mulhd(c: Cpu, w: number): number {
  muls128(hi(c, fRA(w)), lo(c, fRA(w)), hi(c, fRB(w)), lo(c, fRB(w)));
  setGpr(c, fRT(w), productHigh.hi, productHigh.lo);
  if (fRc(w)) setCr0(c, productHigh.hi, productHigh.lo);
  return Flow.Next;
}
// mulhdu[.] RT,RA,RB (XO)
function mulhdu(c: Cpu, w: number): number {
  mulu128(hi(c, fRA(w)), lo(c, fRA(w)), hi(c, fRB(w)), lo(c, fRB(w)));
  setGpr(c, fRT(w), productHigh.hi, productHigh.lo);
  if (fRc(w)) setCr0(c, productHigh.hi, productHigh.lo);
  return Flow.Next;
}
/*
 * mulhw/mulhwu: the high word of the 64-bit product goes to RT[32:63]; RT[0:31] is
 * undefined by the ISA and zero in QEMU (verified: mulhw -6*3 = 0x00000000ffffffff).
 */
// mulhw[.] RT,RA,RB (XO)
function mulhw(c: Cpu, w: number): number {
  const a = lo(c, fRA(w)), b = lo(c, fRB(w));
  muls128(a >> 31, a, b >> 31, b);
  const h = result.hi;
  setGpr(c, fRT(w), 0, h);
  if (fRc(w)) setCr0(c, 0, h);
  return Flow.Next;
}
// mulhwu[.] RT,RA,RB (XO)
function mulhwu(c: Cpu, w: number): number {
  mulu128(0, lo(c, fRA(w)), 0, lo(c, fRB(w)));
  const h = result.hi;
  setGpr(c, fRT(w), 0, h);
  if (fRc(w)) setCr0(c, 0, h);
  return Flow.Next;
}

/**
 * 64-bit signed division as QEMU's gen_op_arith_divd: on /0 or MIN/-1 the divisor
 * is replaced by 1, so the (ISA-undefined) quotient is the dividend. Verified with
 * qemu-ppc64le 7.2: divw 7/0 = 7, divw 0x80000000/-1 = 0x80000000, both zero-extended.
 */
function divdSigned(nh: number, nl: number, dh: number, dl: number): boolean {
  const invalid = (dh === 0 && dl === 0) || (nh === (0x80000000 | 0) && nl === 0 && dh === -1 && dl === -1);
  if (invalid) { dh = 0; dl = 1; }
  const nNeg = nh < 0, dNeg = dh < 0;
  if (nNeg) { neg64(nh, nl); nh = result.hi; nl = result.lo; }
  if (dNeg) { neg64(dh, dl); dh = result.hi; dl = result.lo; }
  divu64(nh, nl, dh, dl);
  if (nNeg !== dNeg) neg64(result.hi, result.lo);
  if (nNeg) { const qh = result.hi, ql = result.lo; neg64(remainder.hi, remainder.lo); remainder.hi = result.hi; remainder.lo = result.lo; result.hi = qh; result.lo = ql; }
  return invalid;
}

// divd[o][.] RT,RA,RB (XO) 3.3.9
function divd(c: Cpu, w: number): number {
  const ov = divdSigned(hi(c, fRA(w)), lo(c, fRA(w)), hi(c, fRB(w)), lo(c, fRB(w)));
  return finishDiv(c, w, result.hi, result.lo, ov);
}
// divdu[o][.] RT,RA,RB (XO)
function divdu(c: Cpu, w: number): number {
  const dh = hi(c, fRB(w)), dl = lo(c, fRB(w));
  const ov = dh === 0 && dl === 0;
  if (ov) return finishDiv(c, w, hi(c, fRA(w)), lo(c, fRA(w)), ov);
  divu64(hi(c, fRA(w)), lo(c, fRA(w)), dh, dl);
  return finishDiv(c, w, result.hi, result.lo, ov);
}
// divw[o][.] RT,RA,RB (XO): low words, signed; RT[0:31] undefined: zero, as QEMU
function divw(c: Cpu, w: number): number {
  const a = lo(c, fRA(w)), b = lo(c, fRB(w));
  const ov = b === 0 || (a === (0x80000000 | 0) && b === -1);
  const q = ov ? a : (a / b) | 0;
  return finishDiv(c, w, 0, q, ov);
}
// divwu[o][.] RT,RA,RB (XO)
function divwu(c: Cpu, w: number): number {
  const a = lo(c, fRA(w)) >>> 0, b = lo(c, fRB(w)) >>> 0;
  const ov = b === 0;
  const q = ov ? a | 0 : Math.floor(a / b) | 0;
  return finishDiv(c, w, 0, q, ov);
}
function finishDiv(c: Cpu, w: number, rh: number, rl: number, ov: boolean): number {
  setGpr(c, fRT(w), rh, rl);
  if (fOE(w)) setOverflow(c, ov, ov);
  if (fRc(w)) setCr0(c, rh, rl);
  return Flow.Next;
}

/** Unsigned 128/64 division of (nHi:nLo as 128 bits with low 64 zero) for divde[u]/divwe[u]. */
function divExtendedUnsigned(ah: number, al: number, dh: number, dl: number): boolean {
  // quotient of (A || 0^64) / D, valid only when A < D (else it does not fit in 64 bits)
  let qh = 0, ql = 0, rh = ah, rl = al; // remainder starts as the high 64 bits
  for (let i = 63; i >= 0; i--) {
    const top = rh < 0;
    rh = (rh << 1) | (rl >>> 31);
    rl = rl << 1;
    const ge = top || (rh >>> 0) > (dh >>> 0) || (rh === dh && (rl >>> 0) >= (dl >>> 0));
    if (ge) {
      const s = (rl >>> 0) - (dl >>> 0);
      rh = (rh - dh - (s < 0 ? 1 : 0)) | 0;
      rl = s | 0;
      if (i >= 32) qh |= 1 << (i - 32); else ql |= 1 << i;
    }
  }
  result.hi = qh; result.lo = ql;
  return true;
}
// divdeu[o][.] RT,RA,RB (XO): (RA || 0^64) / RB, unsigned; 0 and OV when it cannot fit
function divdeu(c: Cpu, w: number): number {
  const ah = hi(c, fRA(w)), al = lo(c, fRA(w)), dh = hi(c, fRB(w)), dl = lo(c, fRB(w));
  const ov = (dh === 0 && dl === 0) || (ah >>> 0) > (dh >>> 0) || (ah === dh && (al >>> 0) >= (dl >>> 0));
  if (!ov) divExtendedUnsigned(ah, al, dh, dl);
  return finishDiv(c, w, ov ? 0 : result.hi, ov ? 0 : result.lo, ov);
}
/*
 * divde[o][.] RT,RA,RB (XO): signed (RA || 0^64) / RB. The ISA makes RT undefined and
 * OV=1 whenever the quotient does not fit in 64 signed bits; QEMU 7.2 (helper_divde)
 * only flags RB=0 or |RA| >= |RB|, and otherwise returns the low 64 bits of the
 * truncated quotient with OV=0 (qemu-ppc64le: 1/2 -> 0x8000000000000000, -5/7 ->
 * 0x4924924924924925). We reproduce QEMU, the reference of the differential test.
 */
function divde(c: Cpu, w: number): number {
  let ah = hi(c, fRA(w)), al = lo(c, fRA(w)), dh = hi(c, fRB(w)), dl = lo(c, fRB(w));
  const negative = (ah < 0) !== (dh < 0);
  if (ah < 0) { neg64(ah, al); ah = result.hi; al = result.lo; }
  if (dh < 0) { neg64(dh, dl); dh = result.hi; dl = result.lo; }
  const ov = (dh === 0 && dl === 0) || (ah >>> 0) > (dh >>> 0) || (ah === dh && (al >>> 0) >= (dl >>> 0));
  if (ov) return finishDiv(c, w, 0, 0, true);
  divExtendedUnsigned(ah, al, dh, dl);
  if (negative) neg64(result.hi, result.lo);
  return finishDiv(c, w, result.hi, result.lo, false);
}
// divweu[o][.] RT,RA,RB (XO): (RA[32:63] || 0^32) / RB[32:63]
function divweu(c: Cpu, w: number): number {
  const a = lo(c, fRA(w)) >>> 0, b = lo(c, fRB(w)) >>> 0;
  const ov = b === 0 || a >= b;
  let q = 0;
  if (!ov) { divu64(a, 0, 0, b); q = result.lo; }
  return finishDiv(c, w, 0, ov ? 0 : q, ov);
}
// divwe[o][.] RT,RA,RB (XO)
function divwe(c: Cpu, w: number): number {
  const a = lo(c, fRA(w)), b = lo(c, fRB(w));
  let ov = b === 0;
  let q = 0;
  if (!ov) {
    const an = Math.abs(a), bn = Math.abs(b);
    divu64(an, 0, 0, bn);
    const qh = result.hi, ql = result.lo >>> 0;
    const negative = (a < 0) !== (b < 0);
    if (qh !== 0) ov = true;
    else if (negative ? ql > 0x80000000 : ql > 0x7fffffff) ov = true;
    else q = negative ? -ql | 0 : ql | 0;
  }
  // QEMU's helper_divwe returns the quotient sign-extended (1 / -3 -> 0xffffffffaaaaaaab)
  return finishDiv(c, w, ov ? 0 : q >> 31, ov ? 0 : q, ov);
}

// modsd RT,RA,RB (X) 3.3.9: 0 for /0 and MIN % -1 (QEMU)
function modsd(c: Cpu, w: number): number {
  const invalid = divdSigned(hi(c, fRA(w)), lo(c, fRA(w)), hi(c, fRB(w)), lo(c, fRB(w)));
  setGpr(c, fRT(w), invalid ? 0 : remainder.hi, invalid ? 0 : remainder.lo);
  return Flow.Next;
}
// modud RT,RA,RB (X)
function modud(c: Cpu, w: number): number {
  const dh = hi(c, fRB(w)), dl = lo(c, fRB(w));
  if (dh === 0 && dl === 0) { setGpr(c, fRT(w), 0, 0); return Flow.Next; }
  divu64(hi(c, fRA(w)), lo(c, fRA(w)), dh, dl);
  setGpr(c, fRT(w), remainder.hi, remainder.lo);
  return Flow.Next;
}
// modsw RT,RA,RB (X): sign-extended remainder of the low words
function modsw(c: Cpu, w: number): number {
  const a = lo(c, fRA(w)), b = lo(c, fRB(w));
  const r = b === 0 || (a === (0x80000000 | 0) && b === -1) ? 0 : a % b | 0;
  setGpr(c, fRT(w), r >> 31, r);
  return Flow.Next;
}
// moduw RT,RA,RB (X)
function moduw(c: Cpu, w: number): number {
  const a = lo(c, fRA(w)) >>> 0, b = lo(c, fRB(w)) >>> 0;
  setGpr(c, fRT(w), 0, b === 0 ? 0 : (a % b) | 0);
  return Flow.Next;
}

// maddhd RT,RA,RB,RC (VA) 3.3.9: high 64 bits of RA*RB + EXTS(RC)
function maddhd(c: Cpu, w: number): number {
  muls128(hi(c, fRA(w)), lo(c, fRA(w)), hi(c, fRB(w)), lo(c, fRB(w)));
  const rch = hi(c, fRC(w)), rcl = lo(c, fRC(w));
  const sl = (result.lo >>> 0) + (rcl >>> 0);
  const sh = (result.hi >>> 0) + (rch >>> 0) + (sl >= TWO32 ? 1 : 0);
  const carry = sh >= TWO32 ? 1 : 0;
  const ext = rch >> 31; // sign extension of RC into the high half
  const hl = (productHigh.lo >>> 0) + (ext >>> 0) + carry;
  setGpr(c, fRT(w), (productHigh.hi + ext + (hl >= TWO32 ? 1 : 0)) | 0, hl | 0);
  return Flow.Next;
}
// maddhdu RT,RA,RB,RC (VA): high 64 bits of RA*RB + RC, unsigned
function maddhdu(c: Cpu, w: number): number {
  mulu128(hi(c, fRA(w)), lo(c, fRA(w)), hi(c, fRB(w)), lo(c, fRB(w)));
  const rch = hi(c, fRC(w)), rcl = lo(c, fRC(w));
  const sl = (result.lo >>> 0) + (rcl >>> 0);
  const sh = (result.hi >>> 0) + (rch >>> 0) + (sl >= TWO32 ? 1 : 0);
  const hl = (productHigh.lo >>> 0) + (sh >= TWO32 ? 1 : 0);
  setGpr(c, fRT(w), (productHigh.hi + (hl >= TWO32 ? 1 : 0)) | 0, hl | 0);
  return Flow.Next;
}
// maddld RT,RA,RB,RC (VA): low 64 bits of RA*RB + RC
function maddld(c: Cpu, w: number): number {
  mulu128(hi(c, fRA(w)), lo(c, fRA(w)), hi(c, fRB(w)), lo(c, fRB(w)));
  const rch = hi(c, fRC(w)), rcl = lo(c, fRC(w));
  const sl = (result.lo >>> 0) + (rcl >>> 0);
  setGpr(c, fRT(w), (result.hi + rch + (sl >= TWO32 ? 1 : 0)) | 0, sl | 0);
  return Flow.Next;
}

const XO = (mnemonic: string, xo: number, exec?: (c: Cpu, w: number) => number): InstructionDef =>
  exec === undefined ? { mnemonic, form: 'XO', primary: 31, xo, xoMask: 0x1ff } : { mnemonic, form: 'XO', primary: 31, xo, xoMask: 0x1ff, exec };

export const arithmeticDefs: InstructionDef[] = [
  { mnemonic: 'addi', form: 'D', primary: 14 },
  { mnemonic: 'addis', form: 'D', primary: 15 },
  { mnemonic: 'addic', form: 'D', primary: 12, exec: addic },
  { mnemonic: 'addic.', form: 'D', primary: 13, exec: addicRc },
  { mnemonic: 'subfic', form: 'D', primary: 8, exec: subfic },
  { mnemonic: 'mulli', form: 'D', primary: 7, exec: mulli },
  { mnemonic: 'addpcis', form: 'DX', primary: 19, xo: 2, xoMask: 0x1f, exec: addpcis },
  XO('add', 266),
  XO('addc', 10, addc),
  XO('adde', 138, adde),
  withReserved('16:20', XO('addme', 234, addme)),
  withReserved('16:20', XO('addze', 202, addze)),
  XO('subf', 40),
  XO('subfc', 8, subfc),
  XO('subfe', 136, subfe),
  withReserved('16:20', XO('subfme', 232, subfme)),
  withReserved('16:20', XO('subfze', 200, subfze)),
  withReserved('16:20', XO('neg', 104)),
  XO('mulld', 233, mulld),
  XO('mullw', 235, mullw),
  withReserved('21', XO('mulhd', 73, mulhd)),
  withReserved('21', XO('mulhdu', 9, mulhdu)),
  withReserved('21', XO('mulhw', 75, mulhw)),
  withReserved('21', XO('mulhwu', 11, mulhwu)),
  XO('divd', 489, divd),
  XO('divdu', 457, divdu),
  XO('divw', 491, divw),
  XO('divwu', 459, divwu),
  XO('divde', 425, divde),
  XO('divdeu', 393, divdeu),
  XO('divwe', 427, divwe),
  XO('divweu', 395, divweu),
  { mnemonic: 'modsd', form: 'X', primary: 31, xo: 777, exec: modsd, reserved: isaBits('31') },
  { mnemonic: 'modud', form: 'X', primary: 31, xo: 265, exec: modud, reserved: isaBits('31') },
  { mnemonic: 'modsw', form: 'X', primary: 31, xo: 779, exec: modsw, reserved: isaBits('31') },
  { mnemonic: 'moduw', form: 'X', primary: 31, xo: 267, exec: moduw, reserved: isaBits('31') },
  { mnemonic: 'maddhd', form: 'VA', primary: 4, xo: 48, xoMask: 0x3f, exec: maddhd },
  { mnemonic: 'maddhdu', form: 'VA', primary: 4, xo: 49, xoMask: 0x3f, exec: maddhdu },
  { mnemonic: 'maddld', form: 'VA', primary: 4, xo: 51, xoMask: 0x3f, exec: maddld },
];
