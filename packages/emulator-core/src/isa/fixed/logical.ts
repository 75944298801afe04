import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type InstructionDef } from '../../decode/instruction.js';
import { fRS, fRA, fRB, fUI, fRc } from '../fields.js';
import { lo, hi, setGpr, setCr0 } from '../registers.js';
import { clz64, ctz32, popcnt32 } from '../../cpu/int64.js';
import { sprWord, SPR_PPR } from '../../state/layout.js';
import { withReserved } from '../rows.js';

/** Writes RA and, for Rc=1, CR0: the tail of every X-form logical instruction. */
function toRa(c: Cpu, w: number, h: number, l: number): number {
  setGpr(c, fRA(w), h, l);
  if (fRc(w)) setCr0(c, h, l);
  return Flow.Next;
}

/** X-form two-operand logical ops (Book I 3.3.13), one line each. */
// and, or, xor, extsw: isa/semantics/hot.ts
/** or Rx,Rx,Rx: the or (a move of Rx to itself) and the priority hint it encodes. */
export function orPriorityHint(c: Cpu, w: number): number {
  const rs = fRS(w);
  setPriorityHint(c, rs);
  return toRa(c, w, hi(c, rs), lo(c, rs));
}

/**
 * or Rx,Rx,Rx with Rx = 1, 6, 2 (any state), 31, 5, 3 (privileged), 7 (hypervisor)
 * sets the program priority PPR[11:13] (Book II 3.2, as QEMU's gen_or does).
 */
const PRIORITY_OF_REGISTER: Record<number, [number, 'any' | 'privileged' | 'hypervisor']> = {
  1: [2, 'any'], 6: [3, 'any'], 2: [4, 'any'], 31: [1, 'privileged'], 5: [5, 'privileged'], 3: [6, 'privileged'], 7: [7, 'hypervisor'],
};
function setPriorityHint(c: Cpu, reg: number): void {
  const hint = PRIORITY_OF_REGISTER[reg];
  if (!hint) return;
  const [priority, needs] = hint;
  if (needs === 'hypervisor' || (needs === 'privileged' && c.problemState)) return;
  const ppr = sprWord(SPR_PPR) + 1; // PPR[11:13] are bits 20:18 of the high word
  c.r[ppr] = (c.r[ppr]! & ~0x001c0000) | (priority << 18);
}
const nand = (c: Cpu, w: number) => toRa(c, w, ~(hi(c, fRS(w)) & hi(c, fRB(w))), ~(lo(c, fRS(w)) & lo(c, fRB(w))));
const nor = (c: Cpu, w: number) => toRa(c, w, ~(hi(c, fRS(w)) | hi(c, fRB(w))), ~(lo(c, fRS(w)) | lo(c, fRB(w))));
const eqv = (c: Cpu, w: number) => toRa(c, w, ~(hi(c, fRS(w)) ^ hi(c, fRB(w))), ~(lo(c, fRS(w)) ^ lo(c, fRB(w))));
const orc = (c: Cpu, w: number) => toRa(c, w, hi(c, fRS(w)) | ~hi(c, fRB(w)), lo(c, fRS(w)) | ~lo(c, fRB(w)));

// andis. RA,RS,UI (D): always records CR0
const andisRc = (c: Cpu, w: number) => { const v = lo(c, fRS(w)) & (fUI(w) << 16); setGpr(c, fRA(w), 0, v); setCr0(c, 0, v); return Flow.Next; };
// xoris RA,RS,UI (D)
const xoris = (c: Cpu, w: number) => { setGpr(c, fRA(w), hi(c, fRS(w)), lo(c, fRS(w)) ^ (fUI(w) << 16)); return Flow.Next; };

// extsb[.] / extsh[.] RA,RS (X)
const extsb = (c: Cpu, w: number) => { const v = (lo(c, fRS(w)) << 24) >> 24; return toRa(c, w, v >> 31, v); };
const extsh = (c: Cpu, w: number) => { const v = (lo(c, fRS(w)) << 16) >> 16; return toRa(c, w, v >> 31, v); };

// cntlzw[.] / cntlzd[.] / cnttzw[.] / cnttzd[.] RA,RS (X) 3.3.13
const cntlzw = (c: Cpu, w: number) => toRa(c, w, 0, Math.clz32(lo(c, fRS(w))));
const cntlzd = (c: Cpu, w: number) => toRa(c, w, 0, clz64(hi(c, fRS(w)), lo(c, fRS(w))));
const cnttzw = (c: Cpu, w: number) => toRa(c, w, 0, ctz32(lo(c, fRS(w))));
const cnttzd = (c: Cpu, w: number) => { const l = lo(c, fRS(w)); return toRa(c, w, 0, l !== 0 ? ctz32(l) : 32 + ctz32(hi(c, fRS(w)))); };

// popcntb RA,RS (X): population count of each byte, in that byte
function byteCounts(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (x + (x >>> 4)) & 0x0f0f0f0f;
}
function popcntb(c: Cpu, w: number): number {
  setGpr(c, fRA(w), byteCounts(hi(c, fRS(w))), byteCounts(lo(c, fRS(w))));
  return Flow.Next;
}
// popcntw RA,RS (X): per word
const popcntw = (c: Cpu, w: number) => { setGpr(c, fRA(w), popcnt32(hi(c, fRS(w))), popcnt32(lo(c, fRS(w)))); return Flow.Next; };
// popcntd RA,RS (X)
const popcntd = (c: Cpu, w: number) => { setGpr(c, fRA(w), 0, popcnt32(hi(c, fRS(w))) + popcnt32(lo(c, fRS(w)))); return Flow.Next; };
// prtyw RA,RS (X): parity of the low bits of each byte, per word
const parityWord = (x: number): number => { x &= 0x01010101; x ^= x >>> 16; x ^= x >>> 8; return x & 1; };
const prtyw = (c: Cpu, w: number) => { setGpr(c, fRA(w), parityWord(hi(c, fRS(w))), parityWord(lo(c, fRS(w)))); return Flow.Next; };
// prtyd RA,RS (X)
const prtyd = (c: Cpu, w: number) => { setGpr(c, fRA(w), 0, parityWord(hi(c, fRS(w))) ^ parityWord(lo(c, fRS(w)))); return Flow.Next; };

// cmpb RA,RS,RB (X): 0xff in each byte where the bytes are equal
function eqBytes(a: number, b: number): number {
  let r = 0;
  for (let i = 0; i < 32; i += 8) if (((a >>> i) & 0xff) === ((b >>> i) & 0xff)) r |= 0xff << i;
  return r;
}
function cmpb(c: Cpu, w: number): number {
  setGpr(c, fRA(w), eqBytes(hi(c, fRS(w)), hi(c, fRB(w))), eqBytes(lo(c, fRS(w)), lo(c, fRB(w))));
  return Flow.Next;
}
// bpermd RA,RS,RB (X): gather 8 bits of RB selected by the bytes of RS (MSB-0 indices)
function bpermd(c: Cpu, w: number): number {
  const sh = hi(c, fRS(w)), sl = lo(c, fRS(w)), bh = hi(c, fRB(w)), bl = lo(c, fRB(w));
  let r = 0;
  for (let i = 0; i < 8; i++) {
    const index = i < 4 ? (sh >>> (24 - 8 * i)) & 0xff : (sl >>> (24 - 8 * (i - 4))) & 0xff;
    let bit = 0;
    if (index < 64) bit = index < 32 ? (bh >>> (31 - index)) & 1 : (bl >>> (63 - index)) & 1;
    r |= bit << (7 - i);
  }
  setGpr(c, fRA(w), 0, r);
  return Flow.Next;
}

const X = (mnemonic: string, xo: number, exec?: (c: Cpu, w: number) => number): InstructionDef =>
  exec === undefined ? { mnemonic, form: 'X', primary: 31, xo } : { mnemonic, form: 'X', primary: 31, xo, exec };

export const logicalDefs: InstructionDef[] = [
  { mnemonic: 'andi.', form: 'D', primary: 28 },
  { mnemonic: 'andis.', form: 'D', primary: 29, exec: andisRc },
  { mnemonic: 'ori', form: 'D', primary: 24 },
  { mnemonic: 'oris', form: 'D', primary: 25 },
  { mnemonic: 'xori', form: 'D', primary: 26 },
  { mnemonic: 'xoris', form: 'D', primary: 27, exec: xoris },
  X('and', 28),
  X('or', 444),
  X('xor', 316),
  X('nand', 476, nand),
  X('nor', 124, nor),
  X('eqv', 284, eqv),
  X('andc', 60),
  X('orc', 412, orc),
  X('extsb', 954, extsb),
  X('extsh', 922, extsh),
  X('extsw', 986),
  X('cntlzw', 26, cntlzw),
  X('cntlzd', 58, cntlzd),
  X('cnttzw', 538, cnttzw),
  X('cnttzd', 570, cnttzd),
  withReserved('16:20 31', X('popcntb', 122, popcntb)),
  withReserved('16:20 31', X('popcntw', 378, popcntw)),
  withReserved('16:20 31', X('popcntd', 506, popcntd)),
  withReserved('16:20 31', X('prtyw', 154, prtyw)),
  withReserved('16:20 31', X('prtyd', 186, prtyd)),
  withReserved('31', X('cmpb', 508, cmpb)),
  withReserved('31', X('bpermd', 252, bpermd)),
];
