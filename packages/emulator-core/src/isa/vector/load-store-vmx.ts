import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type Handler } from '../../decode/instruction.js';
import { W_VSCR } from '../../state/layout.js';
import { fRA, fRB, fVRB, fVRT } from '../fields.js';
import { ea, eaX } from '../registers.js';
import { loadQuad, storeQuad } from './memory.js';
import { VR, q, readVsr, writeVsr, getByte, setByte, getHalf, setHalf, getWord, setWord, setQByte } from './vsr.js';

/*
 * The vector loads and stores of Power ISA 3.0B Book I 6.7.2-6.7.4 (X-form, VRT/VRS,
 * RA, RB) and the VSCR moves of 6.11; QEMU 7.2's gen_lvx/gen_stvx, helper_lvebx...
 * and helper_lvsl (target/ppc/translate/vmx-impl.c.inc, mem_helper.c).
 */

// lvx lvxl VRT,RA,RB: the aligned quadword (EA & ~15); in LE mode byte-reversed as a whole
export function lvx(c: Cpu, w: number): number {
  eaX(c, fRA(w), fRB(w));
  ea.lo &= ~15;
  loadQuad(c, 16, c.littleEndian, q);
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

// stvx stvxl VRS,RA,RB
export function stvx(c: Cpu, w: number): number {
  eaX(c, fRA(w), fRB(w));
  ea.lo &= ~15;
  readVsr(c.r, VR(fVRT(w)), q);
  storeQuad(c, 16, c.littleEndian, q);
  return Flow.Next;
}

/*
 * lvebx lvehx lvewx VRT,RA,RB: one element at EA (aligned to its size) into the
 * element the EA's low four bits name, counted from the other end in LE mode; the
 * other elements keep their value (QEMU). One handler per row, made once.
 */
const lve = (size: number): Handler => (c: Cpu, w: number): number => {
  eaX(c, fRA(w), fRB(w));
  ea.lo &= -size;
  const le = c.littleEndian, t = VR(fVRT(w));
  const k = (ea.lo & 15) / size, last = 16 / size - 1;
  const i = le ? last - k : k;
  if (size === 1) setByte(c.r, t, i, c.load8(ea.hi, ea.lo));
  else if (size === 2) setHalf(c.r, t, i, c.load16(ea.hi, ea.lo, le));
  else setWord(c.r, t, i, c.load32(ea.hi, ea.lo, le));
  return Flow.Next;
};
export const lvebx = lve(1), lvehx = lve(2), lvewx = lve(4);

// stvebx stvehx stvewx VRS,RA,RB: the element lve would load, stored at EA
const stve = (size: number): Handler => (c: Cpu, w: number): number => {
  eaX(c, fRA(w), fRB(w));
  ea.lo &= -size;
  const le = c.littleEndian, s = VR(fVRT(w));
  const k = (ea.lo & 15) / size, last = 16 / size - 1;
  const i = le ? last - k : k;
  if (size === 1) c.store8(ea.hi, ea.lo, getByte(c.r, s, i));
  else if (size === 2) c.store16(ea.hi, ea.lo, getHalf(c.r, s, i), le);
  else c.store32(ea.hi, ea.lo, getWord(c.r, s, i), le);
  return Flow.Next;
};
export const stvebx = stve(1), stvehx = stve(2), stvewx = stve(4);

// lvsl lvsr VRT,RA,RB: the permute control for a shift by sh = EA & 15 (no access,
// the same in both byte orders): bytes sh..sh+15, or 16-sh..31-sh. Made once per row.
const lvs = (right: boolean): Handler => (c: Cpu, w: number): number => {
  eaX(c, fRA(w), fRB(w));
  const sh = ea.lo & 15, first = right ? 16 - sh : sh;
  for (let i = 0; i < 16; i++) setQByte(q, i, first + i);
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
};
export const lvsl = lvs(false), lvsr = lvs(true);

// mfvscr VRT: VRT = 96 zero bits || VSCR (6.11)
export function mfvscr(c: Cpu, w: number): number {
  q[0] = 0; q[1] = 0; q[2] = 0; q[3] = c.r[W_VSCR]!;
  writeVsr(c.r, VR(fVRT(w)), q);
  return Flow.Next;
}

// mtvscr VRB: VSCR = VRB.word[3] (QEMU keeps every bit: mfvscr returns it)
export function mtvscr(c: Cpu, w: number): number {
  c.r[W_VSCR] = getWord(c.r, VR(fVRB(w)), 3);
  return Flow.Next;
}
