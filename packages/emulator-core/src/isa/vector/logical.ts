import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { fXA, fXB, fXC, fXT, fVRA, fVRB, fVRC, fVRT } from '../fields.js';
import { VR, qa, qb, qc, q, readVsr, writeVsr } from './vsr.js';

/*
 * Bitwise operations on whole VSRs: the VSX logical instructions of Power ISA 3.0B
 * Book I 7.6.1.14 (XX3-form xxland...; XX4-form xxsel) and the vector logical
 * instructions of 6.9.4 (VX-form vand...; VA-form vsel); QEMU 7.2's gen_xxland...
 * (tcg_gen_gvec_and...) and helper-free vsel (tcg_gen_gvec_bitsel).
 */

/** The eight two-operand operations, by the ISA's name. */
const enum Op { And, AndC, Or, OrC, Xor, Nor, Nand, Eqv }

function apply(op: Op): void {
  for (let i = 0; i < 4; i++) {
    const a = qa[i]!, b = qb[i]!;
    let v: number;
    switch (op) {
      case Op.And: v = a & b; break;
      case Op.AndC: v = a & ~b; break;
      case Op.Or: v = a | b; break;
      case Op.OrC: v = a | ~b; break;
      case Op.Xor: v = a ^ b; break;
      case Op.Nor: v = ~(a | b); break;
      case Op.Nand: v = ~(a & b); break;
      default: v = ~(a ^ b); break;
    }
    q[i] = v;
  }
}

// xxland xxlandc xxlor xxlorc xxlxor xxlnor xxlnand xxleqv XT,XA,XB (xxlor XT,XA,XA is xxmr)
const xxl = (op: Op): Handler => (c: Cpu, w: number): number => {
  readVsr(c.r, fXA(w), qa); readVsr(c.r, fXB(w), qb);
  apply(op);
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
};
export const xxland = xxl(Op.And), xxlandc = xxl(Op.AndC), xxlor = xxl(Op.Or), xxlorc = xxl(Op.OrC);
export const xxlxor = xxl(Op.Xor), xxlnor = xxl(Op.Nor), xxlnand = xxl(Op.Nand), xxleqv = xxl(Op.Eqv);

// vand vandc vor vorc vxor vnor vnand veqv VRT,VRA,VRB
const vl = (op: Op): Handler => (c: Cpu, w: number): number => {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb);
  apply(op);
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
};
export const vand = vl(Op.And), vandc = vl(Op.AndC), vor = vl(Op.Or), vorc = vl(Op.OrC);
export const vxor = vl(Op.Xor), vnor = vl(Op.Nor), vnand = vl(Op.Nand), veqv = vl(Op.Eqv);

/** q = (qa & ~qc) | (qb & qc): each bit from B where C has a one. */
function select(): void {
  for (let i = 0; i < 4; i++) q[i] = (qa[i]! & ~qc[i]!) | (qb[i]! & qc[i]!);
}

// xxsel XT,XA,XB,XC (XX4-form)
export function xxsel(c: Cpu, w: number): number {
  readVsr(c.r, fXA(w), qa); readVsr(c.r, fXB(w), qb); readVsr(c.r, fXC(w), qc);
  select();
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
}

// vsel VRT,VRA,VRB,VRC (VA-form)
export function vsel(c: Cpu, w: number): number {
  readVsr(c.r, VR(fVRA(w)), qa); readVsr(c.r, VR(fVRB(w)), qb); readVsr(c.r, VR(fVRC(w)), qc);
  select();
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}
