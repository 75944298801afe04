import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { fRc_VC, fVRA, fVRB, fVRT } from '../fields.js';
import { setCrField } from '../registers.js';
import { VR, q, qa, qb, readVsr, writeVsr } from './vsr.js';
import { EA, EB, ER, unpack, pack } from './vmx-elem.js';

/*
 * VMX integer compares (Power ISA 3.0B Book I 6.9.3, VC-form): each element of VRT is
 * all ones where the comparison holds, else zero; with Rc (ISA bit 21) CR6 is set to
 * 0b1000 when it held for every element, 0b0010 when for none (QEMU 7.2's VCMP_DO,
 * VCMPNE_DO).
 */

const enum Cmp { Eq, Gt, Ne, Nez }

function record(c: Cpu, w: number, all: boolean, none: boolean): void {
  if (fRc_VC(w) !== 0) setCrField(c, 6, (all ? 8 : 0) | (none ? 2 : 0));
}

/** vcmpequ[bhw] vcmpgt[us][bhw] vcmpne[bhw] vcmpnez[bhw][.] on elements of `size` bytes (1, 2, 4). */
function compare(cmp: Cmp, size: number, signed: boolean): Handler {
  const n = 16 / size;
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
    unpack(qa, size, signed, EA); unpack(qb, size, signed, EB);
    let all = true, none = true;
    for (let i = 0; i < n; i++) {
      const a = EA[i]!, b = EB[i]!;
      let t: boolean;
      switch (cmp) {
        case Cmp.Eq: t = a === b; break;
        case Cmp.Gt: t = a > b; break;
        case Cmp.Ne: t = a !== b; break;
        default: t = a === 0 || b === 0 || a !== b; break;
      }
      ER[i] = t ? -1 : 0;
      if (t) none = false; else all = false;
    }
    pack(ER, size, q);
    writeVsr(c.r, VR(fVRT(w)), q);
    record(c, w, all, none);
    return Flow.Next;
  };
}

/** vcmpequd vcmpgtud vcmpgtsd[.] on (hi, lo) doublewords. */
function compareDw(cmp: Cmp, signed: boolean): Handler {
  return (c: Cpu, w: number): number => {
    readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
    let all = true, none = true;
    for (let d = 0; d < 4; d += 2) {
      const ah = qa[d]!, al = qa[d + 1]!, bh = qb[d]!, bl = qb[d + 1]!;
      let t: boolean;
      if (cmp === Cmp.Eq) t = ah === bh && al === bl;
      else if (ah !== bh) t = signed ? ah > bh : (ah >>> 0) > (bh >>> 0);
      else t = (al >>> 0) > (bl >>> 0);
      q[d] = t ? -1 : 0; q[d + 1] = t ? -1 : 0;
      if (t) none = false; else all = false;
    }
    writeVsr(c.r, VR(fVRT(w)), q);
    record(c, w, all, none);
    return Flow.Next;
  };
}

export const vcmpequb = compare(Cmp.Eq, 1, false), vcmpequh = compare(Cmp.Eq, 2, false), vcmpequw = compare(Cmp.Eq, 4, false);
export const vcmpequd = compareDw(Cmp.Eq, false);
export const vcmpgtub = compare(Cmp.Gt, 1, false), vcmpgtuh = compare(Cmp.Gt, 2, false), vcmpgtuw = compare(Cmp.Gt, 4, false);
export const vcmpgtsb = compare(Cmp.Gt, 1, true), vcmpgtsh = compare(Cmp.Gt, 2, true), vcmpgtsw = compare(Cmp.Gt, 4, true);
export const vcmpgtud = compareDw(Cmp.Gt, false), vcmpgtsd = compareDw(Cmp.Gt, true);
export const vcmpneb = compare(Cmp.Ne, 1, false), vcmpneh = compare(Cmp.Ne, 2, false), vcmpnew = compare(Cmp.Ne, 4, false);
export const vcmpnezb = compare(Cmp.Nez, 1, false), vcmpnezh = compare(Cmp.Nez, 2, false), vcmpnezw = compare(Cmp.Nez, 4, false);
