import type { Cpu } from '../../cpu/cpu.js';
import { Flow } from '../../decode/instruction.js';
import { fRA, fRB, fXS, fXT } from '../fields.js';
import { hi, lo, setGpr } from '../registers.js';
import { dw0At, dw1At, wordAt } from './vsr.js';

/*
 * Moves between GPRs and VSRs (Power ISA 3.0B Book I 7.6.1.x, XX1-form), as QEMU
 * 7.2's gen_mfvsrd, gen_mtvsrd, gen_mtvsrdd... (target/ppc/translate/vsx-impl.c.inc):
 * a move that writes only doubleword 0 leaves doubleword 1 as it was.
 */

// mfvsrd RA,XS: GPR[RA] = VSR[XS].dword[0]
export function mfvsrd(c: Cpu, w: number): number {
  const at = dw0At(fXS(w));
  setGpr(c, fRA(w), c.r[at + 1]!, c.r[at]!);
  return Flow.Next;
}

// mfvsrwz RA,XS: GPR[RA] = EXTZ(VSR[XS].word[1])
export function mfvsrwz(c: Cpu, w: number): number {
  setGpr(c, fRA(w), 0, c.r[wordAt(fXS(w), 1)]!);
  return Flow.Next;
}

// mfvsrld RA,XS: GPR[RA] = VSR[XS].dword[1]
export function mfvsrld(c: Cpu, w: number): number {
  const at = dw1At(fXS(w));
  setGpr(c, fRA(w), c.r[at + 1]!, c.r[at]!);
  return Flow.Next;
}

// mtvsrd XT,RA: VSR[XT].dword[0] = GPR[RA]
export function mtvsrd(c: Cpu, w: number): number {
  const at = dw0At(fXT(w)), a = fRA(w);
  c.r[at] = lo(c, a); c.r[at + 1] = hi(c, a);
  return Flow.Next;
}

// mtvsrwa XT,RA: VSR[XT].dword[0] = EXTS(GPR[RA].word[1])
export function mtvsrwa(c: Cpu, w: number): number {
  const at = dw0At(fXT(w)), v = lo(c, fRA(w));
  c.r[at] = v; c.r[at + 1] = v >> 31;
  return Flow.Next;
}

// mtvsrwz XT,RA: VSR[XT].dword[0] = EXTZ(GPR[RA].word[1])
export function mtvsrwz(c: Cpu, w: number): number {
  const at = dw0At(fXT(w));
  c.r[at] = lo(c, fRA(w)); c.r[at + 1] = 0;
  return Flow.Next;
}

// mtvsrdd XT,RA,RB: VSR[XT] = (RA|0) || GPR[RB]
export function mtvsrdd(c: Cpu, w: number): number {
  const t = fXT(w), a = fRA(w), b = fRB(w);
  const d0 = dw0At(t), d1 = dw1At(t);
  const bLo = lo(c, b), bHi = hi(c, b);
  c.r[d0] = a === 0 ? 0 : lo(c, a); c.r[d0 + 1] = a === 0 ? 0 : hi(c, a);
  c.r[d1] = bLo; c.r[d1 + 1] = bHi;
  return Flow.Next;
}

// mtvsrws XT,RA: each word of VSR[XT] = GPR[RA].word[1]
export function mtvsrws(c: Cpu, w: number): number {
  const t = fXT(w), v = lo(c, fRA(w));
  const d0 = dw0At(t), d1 = dw1At(t);
  c.r[d0] = v; c.r[d0 + 1] = v; c.r[d1] = v; c.r[d1 + 1] = v;
  return Flow.Next;
}
