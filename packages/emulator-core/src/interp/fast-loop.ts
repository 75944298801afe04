import { Cpu, GuestFaultSignal, ICACHE_MASK } from '../cpu/cpu.js';
import { Exit } from '../cpu/exit.js';
import { Flow } from '../decode/instruction.js';
import { HOT } from './hot-ops.js';
import { decoder } from '../isa/index.js';
import { W_GPR, W_NIP, W_CR, W_XER, W_LR, W_CTR, W_INSN_COUNT, XER_SO } from '../state/layout.js';
import { serviceEvents, EventOutcome } from '../cpu/events.js';
import { branchTaken, linkRegister } from './branch-condition.js';
import { CTL_REQUESTS } from '../cpu/control.js';
import { dataStorageInterrupt, dataSegmentInterrupt, instructionStorageInterrupt, alignmentInterrupt, deliverInterrupt, Vector } from '../cpu/interrupts.js';

const TWO32 = 4294967296;
/** Taken branches between two looks at the decrementer and doorbells. */
const POLL_INTERVAL = 256;
/** runFast's internal answer: MSR[SE]/[BE] or CIABR is on, continue one instruction at a time. */
export const TRACE_MODE = -1;
// The inline cases index GPR n at word 2n: the layout must keep the GPRs first.
if (W_GPR !== 0) throw new Error('run.ts assumes GPRs at word 0 of the register file');

/** Mask of ISA bits mb..me (MSB-0, 0..31) of a 32-bit word, wrapping when mb > me. */
function mask32(mb: number, me: number): number {
  const m1 = -1 >>> mb;
  const m2 = -1 << (31 - me);
  return mb <= me ? m1 & m2 : m1 | m2;
}

/** Adds n retired instructions to the shared counter (low/high halves). */
function countRetired(r: Int32Array, n: number): void {
  const s = (r[W_INSN_COUNT]! >>> 0) + n;
  r[W_INSN_COUNT] = s | 0;
  if (s >= TWO32) r[W_INSN_COUNT + 1] = (r[W_INSN_COUNT + 1]! + 1) | 0;
}

/**
 * Runs the vCPU from NIP for at most `budget` instructions and returns an Exit
 * code (cpu/exit.ts). The loop keeps NIP in locals, fetches through a one-page
 * fetch translation, validates the pre-decoded cache slot against the word in
 * memory, and executes the hot forms inline; everything else goes to the handler
 * table. Storage faults unwind through GuestFaultSignal (QEMU's cpu_loop_exit).
 *
 * Hot cases cite their mnemonic and form; semantics are Power ISA 3.0B Book I
 * (3.3 fixed-point, 2.4 branch). Cases end with `break` for sequential flow and
 * `continue` after setting the PC for a taken branch.
 */
export function runFast(cpu: Cpu, budget: number): number {
  const r = cpu.r;
  const ctl = cpu.controls;
  const ci = cpu.controlBase + CTL_REQUESTS;
  let poll = POLL_INTERVAL;
  let event = false;
  const words = cpu.memory.i32;
  const icWord = cpu.icacheWord;
  const icOp = cpu.icacheOp;
  let handlers = cpu.fpAvailable ? decoder.handlers : decoder.handlersWithoutFp;
  let le = cpu.littleEndian;
  let pcLo = r[W_NIP]! | 0;
  let pcHi = cpu.mode64 ? r[W_NIP + 1]! | 0 : 0;
  let pageLo = 1; // never equal to a page-aligned address: forces the first translation
  let pageHi = 0;
  let pageBase = 0;
  let n = 0;
  for (;;) {
  try {
    inner: while (n < budget) {
      if ((pcLo & -4096) !== pageLo || pcHi !== pageHi) {
        r[W_NIP] = pcLo; r[W_NIP + 1] = pcHi;
        pageBase = cpu.translateFetch(pcHi, pcLo) - (pcLo & 0xfff);
        pageLo = pcLo & -4096; pageHi = pcHi;
      }
      const pa = pageBase + (pcLo & 0xfff);
      // instruction words are aligned: read through the host-order (little-endian) word view
      const raw = words[pa >> 2]!;
      const w = le ? raw : ((raw & 0xff) << 24) | ((raw & 0xff00) << 8) | ((raw >>> 8) & 0xff00) | (raw >>> 24);
      const slot = (pa >>> 2) & ICACHE_MASK;
      let op = icOp[slot]!;
      if (icWord[slot] !== w) { op = decoder.decode(w); icWord[slot] = w; icOp[slot] = op; }
      n++;
      switch (op) {
        // addi RT,RA,SI (D)
        case HOT.addi: {
          const ra = (w >>> 15) & 62, rt = (w >>> 20) & 62, si = (w << 16) >> 16;
          if (ra === 0) { r[rt] = si; r[rt + 1] = si >> 31; break; }
          const s = (r[ra]! >>> 0) + si;
          r[rt] = s | 0; r[rt + 1] = (r[ra + 1]! + (s - (s >>> 0)) / TWO32) | 0;
          break;
        }
        // addis RT,RA,SI (D)
        case HOT.addis: {
          const ra = (w >>> 15) & 62, rt = (w >>> 20) & 62, si = w << 16;
          if (ra === 0) { r[rt] = si; r[rt + 1] = si >> 31; break; }
          const s = (r[ra]! >>> 0) + si;
          r[rt] = s | 0; r[rt + 1] = (r[ra + 1]! + (s - (s >>> 0)) / TWO32) | 0;
          break;
        }
        // add RT,RA,RB (XO, OE=0 Rc=0)
        case HOT.add: {
          const ra = (w >>> 15) & 62, rb = (w >>> 10) & 62, rt = (w >>> 20) & 62;
          const s = (r[ra]! >>> 0) + (r[rb]! >>> 0);
          r[rt + 1] = (r[ra + 1]! + r[rb + 1]! + (s >= TWO32 ? 1 : 0)) | 0; r[rt] = s | 0;
          break;
        }
        // subf RT,RA,RB (XO, OE=0 Rc=0): RB - RA
        case HOT.subf: {
          const ra = (w >>> 15) & 62, rb = (w >>> 10) & 62, rt = (w >>> 20) & 62;
          const s = (r[rb]! >>> 0) - (r[ra]! >>> 0);
          r[rt + 1] = (r[rb + 1]! - r[ra + 1]! - (s < 0 ? 1 : 0)) | 0; r[rt] = s | 0;
          break;
        }
        // neg RT,RA (XO, OE=0 Rc=0)
        case HOT.neg: {
          const ra = (w >>> 15) & 62, rt = (w >>> 20) & 62;
          const l = -r[ra]! | 0;
          r[rt + 1] = (~r[ra + 1]! + (l === 0 ? 1 : 0)) | 0; r[rt] = l;
          break;
        }
        // or RA,RS,RB (X, Rc=0); also mr (or Rx,Rx,Rx, a priority hint, is decoded cold)
        case HOT.or: {
          const rs = (w >>> 20) & 62, ra = (w >>> 15) & 62, rb = (w >>> 10) & 62;
          r[ra] = r[rs]! | r[rb]!; r[ra + 1] = r[rs + 1]! | r[rb + 1]!;
          break;
        }
        // xor RA,RS,RB (X, Rc=0)
        case HOT.xor: {
          const rs = (w >>> 20) & 62, ra = (w >>> 15) & 62, rb = (w >>> 10) & 62;
          r[ra] = r[rs]! ^ r[rb]!; r[ra + 1] = r[rs + 1]! ^ r[rb + 1]!;
          break;
        }
        // and RA,RS,RB (X, Rc=0)
        case HOT.and: {
          const rs = (w >>> 20) & 62, ra = (w >>> 15) & 62, rb = (w >>> 10) & 62;
          r[ra] = r[rs]! & r[rb]!; r[ra + 1] = r[rs + 1]! & r[rb + 1]!;
          break;
        }
        // ori RA,RS,UI (D); ori 0,0,0 is nop
        case HOT.ori: {
          const rs = (w >>> 20) & 62, ra = (w >>> 15) & 62;
          r[ra] = r[rs]! | (w & 0xffff); r[ra + 1] = r[rs + 1]!;
          break;
        }
        // oris RA,RS,UI (D)
        case HOT.oris: {
          const rs = (w >>> 20) & 62, ra = (w >>> 15) & 62;
          r[ra] = r[rs]! | (w << 16); r[ra + 1] = r[rs + 1]!;
          break;
        }
        // xori RA,RS,UI (D)
        case HOT.xori: {
          const rs = (w >>> 20) & 62, ra = (w >>> 15) & 62;
          r[ra] = r[rs]! ^ (w & 0xffff); r[ra + 1] = r[rs + 1]!;
          break;
        }
        // andi. RA,RS,UI (D, always records CR0)
        case HOT.andi_: {
          const rs = (w >>> 20) & 62, ra = (w >>> 15) & 62;
          const v = r[rs]! & (w & 0xffff);
          r[ra] = v; r[ra + 1] = 0;
          r[W_CR] = (r[W_CR]! & 0x0fffffff) | ((v !== 0 ? 4 : 2) << 28) | ((r[W_XER]! & XER_SO) >>> 3);
          break;
        }
        // extsw RA,RS (X, Rc=0)
        case HOT.extsw: {
          const rs = (w >>> 20) & 62, ra = (w >>> 15) & 62;
          const v = r[rs]!;
          r[ra] = v; r[ra + 1] = v >> 31;
          break;
        }
        // rlwinm RA,RS,SH,MB,ME (M, Rc=0): ROTL32 replicated into both words, masked
        case HOT.rlwinm: {
          const rs = (w >>> 20) & 62, ra = (w >>> 15) & 62;
          const sh = (w >>> 11) & 31, mb = (w >>> 6) & 31, me = (w >>> 1) & 31;
          const v = r[rs]!;
          const rot = sh === 0 ? v : (v << sh) | (v >>> (32 - sh));
          r[ra] = rot & mask32(mb, me);
          r[ra + 1] = mb <= me ? 0 : rot;
          break;
        }
        // rldicl RA,RS,SH,MB (MD, Rc=0): ROTL64 & MASK(mb, 63)
        case HOT.rldicl: {
          const rs = (w >>> 20) & 62, ra = (w >>> 15) & 62;
          let sh = ((w >>> 11) & 31) | ((w << 4) & 32);
          const mb = ((w >>> 6) & 31) | (w & 32);
          let h = r[rs + 1]!, l = r[rs]!;
          if (sh >= 32) { const t = h; h = l; l = t; sh -= 32; }
          if (sh !== 0) { const nh = (h << sh) | (l >>> (32 - sh)); l = (l << sh) | (h >>> (32 - sh)); h = nh; }
          if (mb < 32) { r[ra + 1] = h & (-1 >>> mb); r[ra] = l; } else { r[ra + 1] = 0; r[ra] = l & (-1 >>> (mb - 32)); }
          break;
        }
        // rldicr RA,RS,SH,ME (MD, Rc=0): ROTL64 & MASK(0, me)
        case HOT.rldicr: {
          const rs = (w >>> 20) & 62, ra = (w >>> 15) & 62;
          let sh = ((w >>> 11) & 31) | ((w << 4) & 32);
          const me = ((w >>> 6) & 31) | (w & 32);
          let h = r[rs + 1]!, l = r[rs]!;
          if (sh >= 32) { const t = h; h = l; l = t; sh -= 32; }
          if (sh !== 0) { const nh = (h << sh) | (l >>> (32 - sh)); l = (l << sh) | (h >>> (32 - sh)); h = nh; }
          if (me < 32) { r[ra + 1] = me === 31 ? h : h & ~(-1 >>> (me + 1)); r[ra] = 0; }
          else { r[ra + 1] = h; r[ra] = me === 63 ? l : l & ~(-1 >>> (me - 31)); }
          break;
        }
        // cmpi BF,L,RA,SI (D)
        case HOT.cmpi: {
          const ra = (w >>> 15) & 62, si = (w << 16) >> 16, sh = (7 - ((w >>> 23) & 7)) * 4;
          let c: number;
          if (w & 0x200000) {
            const h = r[ra + 1]!, sih = si >> 31;
            c = h !== sih ? (h < sih ? 8 : 4) : ((r[ra]! >>> 0) < (si >>> 0) ? 8 : (r[ra]! >>> 0) > (si >>> 0) ? 4 : 2);
          } else {
            const l = r[ra]!;
            c = l < si ? 8 : l > si ? 4 : 2;
          }
          r[W_CR] = (r[W_CR]! & ~(15 << sh)) | ((c | (r[W_XER]! >>> 31)) << sh);
          break;
        }
        // cmp BF,L,RA,RB (X)
        case HOT.cmp: {
          const ra = (w >>> 15) & 62, rb = (w >>> 10) & 62, sh = (7 - ((w >>> 23) & 7)) * 4;
          let c: number;
          if (w & 0x200000) {
            const ah = r[ra + 1]!, bh = r[rb + 1]!;
            c = ah !== bh ? (ah < bh ? 8 : 4) : ((r[ra]! >>> 0) < (r[rb]! >>> 0) ? 8 : (r[ra]! >>> 0) > (r[rb]! >>> 0) ? 4 : 2);
          } else {
            const a = r[ra]!, b = r[rb]!;
            c = a < b ? 8 : a > b ? 4 : 2;
          }
          r[W_CR] = (r[W_CR]! & ~(15 << sh)) | ((c | (r[W_XER]! >>> 31)) << sh);
          break;
        }
        // cmpli BF,L,RA,UI (D)
        case HOT.cmpli: {
          const ra = (w >>> 15) & 62, ui = w & 0xffff, sh = (7 - ((w >>> 23) & 7)) * 4;
          let c: number;
          const l = r[ra]! >>> 0;
          if ((w & 0x200000) && r[ra + 1] !== 0) c = 4;
          else c = l < ui ? 8 : l > ui ? 4 : 2;
          r[W_CR] = (r[W_CR]! & ~(15 << sh)) | ((c | (r[W_XER]! >>> 31)) << sh);
          break;
        }
        // cmpl BF,L,RA,RB (X)
        case HOT.cmpl: {
          const ra = (w >>> 15) & 62, rb = (w >>> 10) & 62, sh = (7 - ((w >>> 23) & 7)) * 4;
          let c: number;
          const al = r[ra]! >>> 0, bl = r[rb]! >>> 0;
          if ((w & 0x200000) && r[ra + 1] !== r[rb + 1]) c = (r[ra + 1]! >>> 0) < (r[rb + 1]! >>> 0) ? 8 : 4;
          else c = al < bl ? 8 : al > bl ? 4 : 2;
          r[W_CR] = (r[W_CR]! & ~(15 << sh)) | ((c | (r[W_XER]! >>> 31)) << sh);
          break;
        }
        // lwz RT,D(RA) (D)
        case HOT.lwz: {
          const ra = (w >>> 15) & 62, rt = (w >>> 20) & 62, d = (w << 16) >> 16;
          const bl = ra === 0 ? 0 : r[ra]!, s = (bl >>> 0) + d;
          const v = cpu.load32(((ra === 0 ? 0 : r[ra + 1]!) + (s - (s >>> 0)) / TWO32) | 0, s | 0, le);
          r[rt] = v; r[rt + 1] = 0;
          break;
        }
        // lhz RT,D(RA) (D)
        case HOT.lhz: {
          const ra = (w >>> 15) & 62, rt = (w >>> 20) & 62, d = (w << 16) >> 16;
          const bl = ra === 0 ? 0 : r[ra]!, s = (bl >>> 0) + d;
          r[rt] = cpu.load16(((ra === 0 ? 0 : r[ra + 1]!) + (s - (s >>> 0)) / TWO32) | 0, s | 0, le); r[rt + 1] = 0;
          break;
        }
        // lbz RT,D(RA) (D)
        case HOT.lbz: {
          const ra = (w >>> 15) & 62, rt = (w >>> 20) & 62, d = (w << 16) >> 16;
          const bl = ra === 0 ? 0 : r[ra]!, s = (bl >>> 0) + d;
          r[rt] = cpu.load8(((ra === 0 ? 0 : r[ra + 1]!) + (s - (s >>> 0)) / TWO32) | 0, s | 0); r[rt + 1] = 0;
          break;
        }
        // ld RT,DS(RA) (DS)
        case HOT.ld: {
          const ra = (w >>> 15) & 62, rt = (w >>> 20) & 62, d = ((w << 16) >> 16) & ~3;
          const bl = ra === 0 ? 0 : r[ra]!, s = (bl >>> 0) + d;
          const v = cpu.load64(((ra === 0 ? 0 : r[ra + 1]!) + (s - (s >>> 0)) / TWO32) | 0, s | 0, le);
          r[rt] = v; r[rt + 1] = cpu.loadedHi;
          break;
        }
        // stw RS,D(RA) (D)
        case HOT.stw: {
          const ra = (w >>> 15) & 62, rs = (w >>> 20) & 62, d = (w << 16) >> 16;
          const bl = ra === 0 ? 0 : r[ra]!, s = (bl >>> 0) + d;
          cpu.store32(((ra === 0 ? 0 : r[ra + 1]!) + (s - (s >>> 0)) / TWO32) | 0, s | 0, r[rs]!, le);
          break;
        }
        // sth RS,D(RA) (D)
        case HOT.sth: {
          const ra = (w >>> 15) & 62, rs = (w >>> 20) & 62, d = (w << 16) >> 16;
          const bl = ra === 0 ? 0 : r[ra]!, s = (bl >>> 0) + d;
          cpu.store16(((ra === 0 ? 0 : r[ra + 1]!) + (s - (s >>> 0)) / TWO32) | 0, s | 0, r[rs]!, le);
          break;
        }
        // stb RS,D(RA) (D)
        case HOT.stb: {
          const ra = (w >>> 15) & 62, rs = (w >>> 20) & 62, d = (w << 16) >> 16;
          const bl = ra === 0 ? 0 : r[ra]!, s = (bl >>> 0) + d;
          cpu.store8(((ra === 0 ? 0 : r[ra + 1]!) + (s - (s >>> 0)) / TWO32) | 0, s | 0, r[rs]!);
          break;
        }
        // std RS,DS(RA) (DS)
        case HOT.std: {
          const ra = (w >>> 15) & 62, rs = (w >>> 20) & 62, d = ((w << 16) >> 16) & ~3;
          const bl = ra === 0 ? 0 : r[ra]!, s = (bl >>> 0) + d;
          cpu.store64(((ra === 0 ? 0 : r[ra + 1]!) + (s - (s >>> 0)) / TWO32) | 0, s | 0, r[rs + 1]!, r[rs]!, le);
          break;
        }
        // stdu RS,DS(RA) (DS): the invalid RA=0 form is decoded cold
        case HOT.stdu: {
          const ra = (w >>> 15) & 62, rs = (w >>> 20) & 62, d = ((w << 16) >> 16) & ~3;
          const s = (r[ra]! >>> 0) + d;
          const eh = (r[ra + 1]! + (s - (s >>> 0)) / TWO32) | 0;
          cpu.store64(eh, s | 0, r[rs + 1]!, r[rs]!, le);
          r[ra] = s | 0; r[ra + 1] = eh;
          break;
        }
        // ldx RT,RA,RB (X)
        case HOT.ldx: {
          const ra = (w >>> 15) & 62, rb = (w >>> 10) & 62, rt = (w >>> 20) & 62;
          const s = ((ra === 0 ? 0 : r[ra]!) >>> 0) + (r[rb]! >>> 0);
          const v = cpu.load64(((ra === 0 ? 0 : r[ra + 1]!) + r[rb + 1]! + (s >= TWO32 ? 1 : 0)) | 0, s | 0, le);
          r[rt] = v; r[rt + 1] = cpu.loadedHi;
          break;
        }
        // lwzx RT,RA,RB (X)
        case HOT.lwzx: {
          const ra = (w >>> 15) & 62, rb = (w >>> 10) & 62, rt = (w >>> 20) & 62;
          const s = ((ra === 0 ? 0 : r[ra]!) >>> 0) + (r[rb]! >>> 0);
          r[rt] = cpu.load32(((ra === 0 ? 0 : r[ra + 1]!) + r[rb + 1]! + (s >= TWO32 ? 1 : 0)) | 0, s | 0, le); r[rt + 1] = 0;
          break;
        }
        // lbzx RT,RA,RB (X)
        case HOT.lbzx: {
          const ra = (w >>> 15) & 62, rb = (w >>> 10) & 62, rt = (w >>> 20) & 62;
          const s = ((ra === 0 ? 0 : r[ra]!) >>> 0) + (r[rb]! >>> 0);
          r[rt] = cpu.load8(((ra === 0 ? 0 : r[ra + 1]!) + r[rb + 1]! + (s >= TWO32 ? 1 : 0)) | 0, s | 0); r[rt + 1] = 0;
          break;
        }
        // stdx RS,RA,RB (X)
        case HOT.stdx: {
          const ra = (w >>> 15) & 62, rb = (w >>> 10) & 62, rs = (w >>> 20) & 62;
          const s = ((ra === 0 ? 0 : r[ra]!) >>> 0) + (r[rb]! >>> 0);
          cpu.store64(((ra === 0 ? 0 : r[ra + 1]!) + r[rb + 1]! + (s >= TWO32 ? 1 : 0)) | 0, s | 0, r[rs + 1]!, r[rs]!, le);
          break;
        }
        // stwx RS,RA,RB (X)
        case HOT.stwx: {
          const ra = (w >>> 15) & 62, rb = (w >>> 10) & 62, rs = (w >>> 20) & 62;
          const s = ((ra === 0 ? 0 : r[ra]!) >>> 0) + (r[rb]! >>> 0);
          cpu.store32(((ra === 0 ? 0 : r[ra + 1]!) + r[rb + 1]! + (s >= TWO32 ? 1 : 0)) | 0, s | 0, r[rs]!, le);
          break;
        }
        // b / ba / bl / bla target (I)
        case HOT.b: {
          const li = (w << 6) >> 6 & ~3;
          if (w & 1) linkRegister(r, pcHi, pcLo, cpu.mode64);
          if (w & 2) { pcLo = li; pcHi = cpu.mode64 ? li >> 31 : 0; }
          else { const s = (pcLo >>> 0) + li; pcLo = s | 0; pcHi = cpu.mode64 ? (pcHi + (s - (s >>> 0)) / TWO32) | 0 : 0; }
          if (ctl[ci] !== 0 || --poll <= 0) { event = true; break inner; }
          continue;
        }
        // bc BO,BI,target (B): CTR decrement unless BO[2], condition unless BO[0]
        case HOT.bc: {
          const ok = branchTaken(r, w, cpu.mode64);
          if (w & 1) linkRegister(r, pcHi, pcLo, cpu.mode64);
          if (!ok) break;
          const bd = ((w << 16) >> 16) & ~3;
          if (w & 2) { pcLo = bd; pcHi = cpu.mode64 ? bd >> 31 : 0; }
          else { const s = (pcLo >>> 0) + bd; pcLo = s | 0; pcHi = cpu.mode64 ? (pcHi + (s - (s >>> 0)) / TWO32) | 0 : 0; }
          if (ctl[ci] !== 0 || --poll <= 0) { event = true; break inner; }
          continue;
        }
        // bclr BO,BI,BH (XL)
        case HOT.bclr: {
          const ok = branchTaken(r, w, cpu.mode64);
          const tLo = r[W_LR]! & ~3, tHi = cpu.mode64 ? r[W_LR + 1]! : 0;
          if (w & 1) linkRegister(r, pcHi, pcLo, cpu.mode64);
          if (!ok) break;
          pcLo = tLo; pcHi = tHi;
          if (ctl[ci] !== 0 || --poll <= 0) { event = true; break inner; }
          continue;
        }
        // bcctr BO,BI,BH (XL)
        case HOT.bcctr: {
          const bo = (w >>> 21) & 31;
          const ok = (bo & 16) !== 0 || ((r[W_CR]! >>> (31 - ((w >>> 16) & 31))) & 1) === ((bo >>> 3) & 1);
          if (w & 1) linkRegister(r, pcHi, pcLo, cpu.mode64);
          if (!ok) break;
          pcLo = r[W_CTR]! & ~3; pcHi = cpu.mode64 ? r[W_CTR + 1]! : 0;
          if (ctl[ci] !== 0 || --poll <= 0) { event = true; break inner; }
          continue;
        }
        // mfspr RT,LR / RT,CTR (XFX): the decoder sends other SPRs to the handler
        case HOT.mfspr: {
          const rt = (w >>> 20) & 62, from = (w & 0x00010000) === 0 ? W_LR : W_CTR;
          r[rt] = r[from]!; r[rt + 1] = r[from + 1]!;
          break;
        }
        // mtspr LR,RS / CTR,RS (XFX)
        case HOT.mtspr: {
          const rs = (w >>> 20) & 62, to = (w & 0x00010000) === 0 ? W_LR : W_CTR;
          r[to] = r[rs]!; r[to + 1] = r[rs + 1]!;
          break;
        }
        default: {
          r[W_NIP] = pcLo; r[W_NIP + 1] = pcHi;
          const flow = handlers[op]!(cpu, w);
          if (flow === Flow.Next) break;
          if (flow === Flow.Exit) {
            // the exit's documented NIP was written by the handler; an exit that
            // completed the instruction (sc) says so by advancing NIP itself
            if (cpu.pendingExit !== Exit.SystemCall && cpu.pendingExit !== Exit.Hypercall) n--;
            countRetired(r, n);
            return cpu.pendingExit;
          }
          // a cold jump may have changed the MSR (rfid, mtmsrd, an interrupt): recheck everything
          pcLo = r[W_NIP]! | 0; pcHi = r[W_NIP + 1]! | 0;
          event = true; break inner;
        }
      }
      pcLo = (pcLo + 4) | 0;
      if (pcLo === 0 && cpu.mode64) pcHi = (pcHi + 1) | 0;
    }
  } catch (e) {
    if (!(e instanceof GuestFaultSignal)) throw e;
    // the faulting instruction did not complete; NIP stays on it
    r[W_NIP] = pcLo; r[W_NIP + 1] = pcHi;
    if (n > 0 && cpu.exitDetail !== Exit.InstructionStorage) n--;
    const kind = cpu.exitDetail;
    if (!cpu.systemMode || kind === Exit.Mmio || kind === Exit.DebugWatchpoint) { countRetired(r, n); return kind; }
    if (kind === Exit.DataStorage) {
      if (cpu.faultSegment) dataSegmentInterrupt(cpu, cpu.exitAddressHi, cpu.exitAddressLo);
      else dataStorageInterrupt(cpu, cpu.exitAddressHi, cpu.exitAddressLo, cpu.faultDsisr);
    } else if (kind === Exit.InstructionStorage) {
      if (cpu.faultSegment) deliverInterrupt(cpu, Vector.InstructionSegment, pcHi, pcLo, 0);
      else instructionStorageInterrupt(cpu, cpu.faultSrr1);
    }
    else alignmentInterrupt(cpu, cpu.exitAddressHi, cpu.exitAddressLo);
    // continue at the vector
    pcLo = r[W_NIP]! | 0; pcHi = r[W_NIP + 1]! | 0;
    event = true;
  }
  r[W_NIP] = pcLo; r[W_NIP + 1] = pcHi;
  if (!event) break;
  // between instructions: requests from other threads, pending interrupts, MSR changes
  event = false;
  poll = POLL_INTERVAL;
  const outcome = serviceEvents(cpu);
  if (outcome === EventOutcome.Stop) { countRetired(r, n); return Exit.StopRequested; }
  if (cpu.traceActive) { countRetired(r, n); return TRACE_MODE; }
  pcLo = r[W_NIP]! | 0; pcHi = cpu.mode64 ? r[W_NIP + 1]! | 0 : 0;
  le = cpu.littleEndian;
  handlers = cpu.fpAvailable ? decoder.handlers : decoder.handlersWithoutFp;
  pageLo = 1;
  }
  countRetired(r, n);
  return Exit.Budget;
}
