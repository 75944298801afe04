import type { Cpu } from '../../cpu/cpu.js';
import { Exit } from '../../cpu/exit.js';
import { Flow, type Handler, type InstructionDef } from '../../decode/instruction.js';
import { W_XER } from '../../state/layout.js';
import { fRT, fRA, fRB, fSI, fDS } from '../fields.js';
import { lo, hi, setGpr, ea, eaD, eaX } from '../registers.js';
import { illegal } from '../system.js';
import { alignmentInterrupt } from '../../cpu/interrupts.js';
import { withReserved } from '../rows.js';

/*
 * Fixed-point loads and stores, Book I 3.3.2-3.3.6. Handlers are built once, at
 * module load, by the small factories below from (size, sign extension, update,
 * indexed, byte-reversed); none is created per executed instruction.
 */

type EaMode = 'D' | 'DS' | 'X';

function computeEa(c: Cpu, w: number, mode: EaMode): void {
  if (mode === 'X') eaX(c, fRA(w), fRB(w));
  else eaD(c, fRA(w), mode === 'DS' ? fDS(w) : fSI(w));
}

/** Load `size` bytes at ea into RT; `signed` sign-extends, `reversed` swaps the guest byte order. */
function loadValue(c: Cpu, rt: number, size: number, signed: boolean, reversed: boolean): void {
  const le = reversed ? !c.littleEndian : c.littleEndian;
  switch (size) {
    case 1: setGpr(c, rt, 0, c.load8(ea.hi, ea.lo)); break;
    case 2: { const v = c.load16(ea.hi, ea.lo, le); const s = signed ? (v << 16) >> 16 : v; setGpr(c, rt, s >> 31, s); break; }
    case 4: { const v = c.load32(ea.hi, ea.lo, le); setGpr(c, rt, signed ? v >> 31 : 0, v); break; }
    default: { const l = c.load64(ea.hi, ea.lo, le); setGpr(c, rt, c.loadedHi, l); }
  }
}
function storeValue(c: Cpu, rs: number, size: number, reversed: boolean): void {
  const le = reversed ? !c.littleEndian : c.littleEndian;
  switch (size) {
    case 1: c.store8(ea.hi, ea.lo, lo(c, rs)); break;
    case 2: c.store16(ea.hi, ea.lo, lo(c, rs), le); break;
    case 4: c.store32(ea.hi, ea.lo, lo(c, rs), le); break;
    default: c.store64(ea.hi, ea.lo, hi(c, rs), lo(c, rs), le);
  }
}

function load(mode: EaMode, size: number, signed: boolean, update: boolean, reversed = false): Handler {
  return (c, w) => {
    const rt = fRT(w), ra = fRA(w);
    // update forms with RA=0 or RA=RT are invalid; QEMU raises an illegal instruction
    if (update && (ra === 0 || ra === rt)) return illegal(c, w);
    computeEa(c, w, mode);
    const eh = ea.hi, el = ea.lo;
    loadValue(c, rt, size, signed, reversed);
    if (update) setGpr(c, ra, eh, el);
    return Flow.Next;
  };
}
function store(mode: EaMode, size: number, update: boolean, reversed = false): Handler {
  return (c, w) => {
    const ra = fRA(w);
    if (update && ra === 0) return illegal(c, w);
    computeEa(c, w, mode);
    const eh = ea.hi, el = ea.lo;
    storeValue(c, fRT(w), size, reversed);
    if (update) setGpr(c, ra, eh, el);
    return Flow.Next;
  };
}

/** lmw/stmw/lswi/lswx/stswi/stswx are not allowed in little-endian mode: Alignment (QEMU gen_align_no_le). */
function alignmentInLittleEndian(c: Cpu, w: number): number {
  c.exitWord = w;
  if (c.systemMode) return alignmentInterrupt(c, ea.hi, ea.lo);
  c.exitAddressHi = ea.hi; c.exitAddressLo = ea.lo;
  c.pendingExit = Exit.Alignment;
  return Flow.Exit;
}

// lmw RT,D(RA) (D) 3.3.6: words into RT..r31
function lmw(c: Cpu, w: number): number {
  eaD(c, fRA(w), fSI(w));
  if (c.littleEndian) return alignmentInLittleEndian(c, w);
  for (let r = fRT(w); r < 32; r++) {
    setGpr(c, r, 0, c.load32(ea.hi, ea.lo, false));
    const s = (ea.lo >>> 0) + 4; ea.lo = s | 0; if (s >= 4294967296 && c.mode64) ea.hi = (ea.hi + 1) | 0;
  }
  return Flow.Next;
}
// stmw RS,D(RA) (D)
function stmw(c: Cpu, w: number): number {
  eaD(c, fRA(w), fSI(w));
  if (c.littleEndian) return alignmentInLittleEndian(c, w);
  for (let r = fRT(w); r < 32; r++) {
    c.store32(ea.hi, ea.lo, lo(c, r), false);
    const s = (ea.lo >>> 0) + 4; ea.lo = s | 0; if (s >= 4294967296 && c.mode64) ea.hi = (ea.hi + 1) | 0;
  }
  return Flow.Next;
}

/** Load string: n bytes into RT, RT+1... (wrapping r31 -> r0), 4 per register, left-justified, low word only. */
function loadString(c: Cpu, rt: number, n: number): void {
  let r = (rt + 31) & 31, shift = 0, word = 0;
  for (let i = 0; i < n; i++) {
    if (shift === 0) { r = (r + 1) & 31; word = 0; shift = 32; }
    shift -= 8;
    word |= c.load8(ea.hi, ea.lo) << shift;
    setGpr(c, r, 0, word);
    const s = (ea.lo >>> 0) + 1; ea.lo = s | 0; if (s >= 4294967296 && c.mode64) ea.hi = (ea.hi + 1) | 0;
  }
}
function storeString(c: Cpu, rs: number, n: number): void {
  let r = (rs + 31) & 31, shift = 0;
  for (let i = 0; i < n; i++) {
    if (shift === 0) { r = (r + 1) & 31; shift = 32; }
    shift -= 8;
    c.store8(ea.hi, ea.lo, (lo(c, r) >>> shift) & 0xff);
    const s = (ea.lo >>> 0) + 1; ea.lo = s | 0; if (s >= 4294967296 && c.mode64) ea.hi = (ea.hi + 1) | 0;
  }
}
// lswi RT,RA,NB (X) 3.3.7: NB=0 means 32
function lswi(c: Cpu, w: number): number {
  eaD(c, fRA(w), 0);
  if (c.littleEndian) return alignmentInLittleEndian(c, w);
  loadString(c, fRT(w), fRB(w) === 0 ? 32 : fRB(w));
  return Flow.Next;
}
// lswx RT,RA,RB (X): byte count from XER[57:63]
function lswx(c: Cpu, w: number): number {
  eaX(c, fRA(w), fRB(w));
  if (c.littleEndian) return alignmentInLittleEndian(c, w);
  loadString(c, fRT(w), c.r[W_XER]! & 0x7f);
  return Flow.Next;
}
// stswi RS,RA,NB (X)
function stswi(c: Cpu, w: number): number {
  eaD(c, fRA(w), 0);
  if (c.littleEndian) return alignmentInLittleEndian(c, w);
  storeString(c, fRT(w), fRB(w) === 0 ? 32 : fRB(w));
  return Flow.Next;
}
// stswx RS,RA,RB (X)
function stswx(c: Cpu, w: number): number {
  eaX(c, fRA(w), fRB(w));
  if (c.littleEndian) return alignmentInLittleEndian(c, w);
  storeString(c, fRT(w), c.r[W_XER]! & 0x7f);
  return Flow.Next;
}

// A row without a handler is one of isa/semantics/hot.ts (lbz, lwz, ld, stw, the D-form update forms, ldx...).
const D = (mnemonic: string, primary: number, exec?: Handler): InstructionDef =>
  exec === undefined ? { mnemonic, form: 'D', primary } : { mnemonic, form: 'D', primary, exec };
const DS = (mnemonic: string, primary: number, xo: number, exec?: Handler): InstructionDef =>
  exec === undefined ? { mnemonic, form: 'DS', primary, xo } : { mnemonic, form: 'DS', primary, xo, exec };
const X = (mnemonic: string, xo: number, exec?: Handler): InstructionDef =>
  exec === undefined ? { mnemonic, form: 'X', primary: 31, xo } : { mnemonic, form: 'X', primary: 31, xo, exec };

export const loadStoreDefs: InstructionDef[] = [
  D('lbz', 34),
  D('lbzu', 35),
  D('lhz', 40),
  D('lhzu', 41),
  D('lha', 42, load('D', 2, true, false)),
  D('lhau', 43, load('D', 2, true, true)),
  D('lwz', 32),
  D('lwzu', 33),
  DS('ld', 58, 0),
  DS('ldu', 58, 1),
  DS('lwa', 58, 2, load('DS', 4, true, false)),
  D('stb', 38),
  D('stbu', 39),
  D('sth', 44),
  D('sthu', 45),
  D('stw', 36),
  D('stwu', 37),
  DS('std', 62, 0),
  DS('stdu', 62, 1),
  D('lmw', 46, lmw),
  D('stmw', 47, stmw),
  X('lbzx', 87),
  X('lbzux', 119, load('X', 1, false, true)),
  X('lhzx', 279, load('X', 2, false, false)),
  X('lhzux', 311, load('X', 2, false, true)),
  X('lhax', 343, load('X', 2, true, false)),
  X('lhaux', 375, load('X', 2, true, true)),
  X('lwzx', 23),
  X('lwzux', 55, load('X', 4, false, true)),
  X('lwax', 341, load('X', 4, true, false)),
  X('lwaux', 373, load('X', 4, true, true)),
  X('ldx', 21),
  X('ldux', 53, load('X', 8, false, true)),
  X('stbx', 215, store('X', 1, false)),
  X('stbux', 247, store('X', 1, true)),
  X('sthx', 407, store('X', 2, false)),
  X('sthux', 439, store('X', 2, true)),
  X('stwx', 151),
  X('stwux', 183, store('X', 4, true)),
  X('stdx', 149),
  X('stdux', 181, store('X', 8, true)),
  withReserved('31', X('lhbrx', 790, load('X', 2, false, false, true))),
  withReserved('31', X('lwbrx', 534, load('X', 4, false, false, true))),
  withReserved('31', X('ldbrx', 532, load('X', 8, false, false, true))),
  X('sthbrx', 918, store('X', 2, false, true)),
  X('stwbrx', 662, store('X', 4, false, true)),
  X('stdbrx', 660, store('X', 8, false, true)),
  withReserved('31', X('lswi', 597, lswi)),
  withReserved('31', X('lswx', 533, lswx)),
  withReserved('31', X('stswi', 725, stswi)),
  withReserved('31', X('stswx', 661, stswx)),
];
