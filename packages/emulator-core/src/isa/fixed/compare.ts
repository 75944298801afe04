import type { Cpu } from '../../cpu/cpu.js';
import { trap } from '../system.js';
import { Flow, type InstructionDef } from '../../decode/instruction.js';
import { W_CR } from '../../state/layout.js';
import { fRT, fRA, fRB, fRC, fBF, fBFA, fSI, fL21 } from '../fields.js';
import { lo, hi, loOrZero, hiOrZero, setGpr, setCrField } from '../registers.js';
import { isaBits } from '../../decode/field-specs.js';

// cmprb BF,L,RA,RB (X) 3.3.10: is byte RA[56:63] within one (L=0) or two (L=1) byte ranges of RB
function cmprb(c: Cpu, w: number): number {
  const x = lo(c, fRA(w)) & 0xff, rb = lo(c, fRB(w));
  let m = x >= (rb & 0xff) && x <= ((rb >>> 8) & 0xff);
  if (fL21(w)) m = m || (x >= ((rb >>> 16) & 0xff) && x <= ((rb >>> 24) & 0xff));
  setCrField(c, fBF(w), m ? 4 : 0);
  return Flow.Next;
}
// cmpeqb BF,RA,RB (X) 3.3.10: does byte RA[56:63] equal any byte of RB
function cmpeqb(c: Cpu, w: number): number {
  const x = lo(c, fRA(w)) & 0xff, h = hi(c, fRB(w)), l = lo(c, fRB(w));
  let m = false;
  for (let i = 0; i < 32; i += 8) if (((h >>> i) & 0xff) === x || ((l >>> i) & 0xff) === x) m = true;
  setCrField(c, fBF(w), m ? 4 : 0);
  return Flow.Next;
}
// setb RT,BFA (X) 3.3.12: -1 if CR[BFA].LT, else 1 if GT, else 0
function setb(c: Cpu, w: number): number {
  const f = (c.r[W_CR]! >>> ((7 - fBFA(w)) * 4)) & 15;
  if (f & 8) setGpr(c, fRT(w), -1, -1);
  else setGpr(c, fRT(w), 0, f & 4 ? 1 : 0);
  return Flow.Next;
}
// isel RT,RA,RB,BC (A) 3.3.12: RT = CR[BC] ? (RA|0) : RB
function isel(c: Cpu, w: number): number {
  const bit = (c.r[W_CR]! >>> (31 - fRC(w))) & 1;
  if (bit) setGpr(c, fRT(w), hiOrZero(c, fRA(w)), loOrZero(c, fRA(w)));
  else setGpr(c, fRT(w), hi(c, fRB(w)), lo(c, fRB(w)));
  return Flow.Next;
}

/**
 * Trap condition TO (Book I 3.3.11): bit 0 (16) a<b signed, 1 (8) a>b signed,
 * 2 (4) equal, 3 (2) a<b unsigned, 4 (1) a>b unsigned.
 */
function trapIf(c: Cpu, w: number, ah: number, al: number, bh: number, bl: number): number {
  const to = fRT(w);
  const eq = ah === bh && al === bl;
  const slt = ah !== bh ? ah < bh : (al >>> 0) < (bl >>> 0);
  const ult = ah !== bh ? (ah >>> 0) < (bh >>> 0) : (al >>> 0) < (bl >>> 0);
  const hit = ((to & 16) && slt && !eq) || ((to & 8) && !slt && !eq) || ((to & 4) && eq)
    || ((to & 2) && ult && !eq) || ((to & 1) && !ult && !eq);
  return hit ? trap(c, w) : Flow.Next;
}
// tw TO,RA,RB (X): compares the sign-extended low words
const tw = (c: Cpu, w: number) => { const a = lo(c, fRA(w)), b = lo(c, fRB(w)); return trapIf(c, w, a >> 31, a, b >> 31, b); };
// twi TO,RA,SI (D)
const twi = (c: Cpu, w: number) => { const a = lo(c, fRA(w)), b = fSI(w); return trapIf(c, w, a >> 31, a, b >> 31, b); };
// td TO,RA,RB (X)
const td = (c: Cpu, w: number) => trapIf(c, w, hi(c, fRA(w)), lo(c, fRA(w)), hi(c, fRB(w)), lo(c, fRB(w)));
// tdi TO,RA,SI (D)
const tdi = (c: Cpu, w: number) => { const b = fSI(w); return trapIf(c, w, hi(c, fRA(w)), lo(c, fRA(w)), b >> 31, b); };

export const compareDefs: InstructionDef[] = [
  { mnemonic: 'cmpi', form: 'D', primary: 11 },
  { mnemonic: 'cmpli', form: 'D', primary: 10 },
  { mnemonic: 'cmp', form: 'X', primary: 31, xo: 0 },
  { mnemonic: 'cmpl', form: 'X', primary: 31, xo: 32 },
  { mnemonic: 'cmprb', form: 'X', primary: 31, xo: 192, exec: cmprb, reserved: isaBits('9 31') },
  { mnemonic: 'cmpeqb', form: 'X', primary: 31, xo: 224, exec: cmpeqb, reserved: isaBits('9:10') },
  { mnemonic: 'setb', form: 'X', primary: 31, xo: 128, exec: setb, reserved: isaBits('14:20 31') },
  { mnemonic: 'isel', form: 'A', primary: 31, xo: 15, xoMask: 0x1f, exec: isel, reserved: isaBits('31') },
  { mnemonic: 'tw', form: 'X', primary: 31, xo: 4, exec: tw, reserved: isaBits('31') },
  { mnemonic: 'td', form: 'X', primary: 31, xo: 68, exec: td, reserved: isaBits('31') },
  { mnemonic: 'twi', form: 'D', primary: 3, exec: twi },
  { mnemonic: 'tdi', form: 'D', primary: 2, exec: tdi },
];
