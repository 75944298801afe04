import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { fXA, fXB, fXT } from '../fields.js';
import { q, qa, qb, readVsr, writeVsr } from './vsr.js';

/*
 * The sign operations of VSX (Power ISA 3.0B Book I 7.6.1: xsabsdp, xsnabsdp,
 * xsnegdp, xscpsgndp and their xv forms on two doublewords or four words). They are
 * bit operations that raise no exception and leave the FPSCR alone; QEMU 7.2
 * (gen_xsabsdp... in vsx-impl.c.inc) writes the scalar result to doubleword 0 and
 * zero to doubleword 1.
 */

const enum Op { Abs, Nabs, Neg, Cpsgn }

const SIGN = 0x80000000 | 0;

/** Applies op to the sign bit of word i of qb (the sign source is qa for cpsgn). */
function signWord(op: Op, i: number): number {
  const b = qb[i]!;
  switch (op) {
    case Op.Abs: return b & ~SIGN;
    case Op.Nabs: return b | SIGN;
    case Op.Neg: return b ^ SIGN;
    default: return (b & ~SIGN) | (qa[i]! & SIGN);
  }
}

// xsabsdp xsnabsdp xsnegdp XT,XB / xscpsgndp XT,XA,XB: doubleword 0, doubleword 1 zero
const xsSign = (op: Op): Handler => (c: Cpu, w: number): number => {
  readVsr(c.r, fXA(w), qa); readVsr(c.r, fXB(w), qb);
  q[0] = signWord(op, 0); q[1] = qb[1]!; q[2] = 0; q[3] = 0;
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
};
export const xsabsdp = xsSign(Op.Abs), xsnabsdp = xsSign(Op.Nabs), xsnegdp = xsSign(Op.Neg), xscpsgndp = xsSign(Op.Cpsgn);

// xvabsdp... XT,XB / xvcpsgndp XT,XA,XB: the sign of each doubleword (words 0 and 2)
const xvSignDp = (op: Op): Handler => (c: Cpu, w: number): number => {
  readVsr(c.r, fXA(w), qa); readVsr(c.r, fXB(w), qb);
  q[0] = signWord(op, 0); q[1] = qb[1]!; q[2] = signWord(op, 2); q[3] = qb[3]!;
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
};
export const xvabsdp = xvSignDp(Op.Abs), xvnabsdp = xvSignDp(Op.Nabs), xvnegdp = xvSignDp(Op.Neg), xvcpsgndp = xvSignDp(Op.Cpsgn);

// xvabssp... XT,XB / xvcpsgnsp XT,XA,XB: the sign of each word
const xvSignSp = (op: Op): Handler => (c: Cpu, w: number): number => {
  readVsr(c.r, fXA(w), qa); readVsr(c.r, fXB(w), qb);
  for (let i = 0; i < 4; i++) q[i] = signWord(op, i);
  writeVsr(c.r, fXT(w), q);
  return Flow.Next;
};
export const xvabssp = xvSignSp(Op.Abs), xvnabssp = xvSignSp(Op.Nabs), xvnegsp = xvSignSp(Op.Neg), xvcpsgnsp = xvSignSp(Op.Cpsgn);
