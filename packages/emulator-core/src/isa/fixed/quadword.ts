import type { Cpu } from '../../cpu/cpu.js';
import { Exit } from '../../cpu/exit.js';
import { Flow, type InstructionDef } from '../../decode/instruction.js';
import { ACCESS_READ, ACCESS_WRITE } from '../../mmu/translation.js';
import { alignmentInterrupt } from '../../cpu/interrupts.js';
import {
  W_CR, W_XER, XER_SO, W_RESERVE_VALID, W_RESERVE_ADDR, W_RESERVE_SIZE, W_RESERVE_VALUE, W_RESERVE_VALUE_HI,
} from '../../state/layout.js';
import { fRT, fRA, fRB, fDQ, fDS } from '../fields.js';
import { lo, hi, setGpr, ea, eaD, eaX } from '../registers.js';
import { illegal } from '../system.js';

/*
 * Quadword loads and stores, Book I 3.3.4 (lq, stq; problem state since ISA 2.07) and
 * Book II 4.6.2 (lqarx, stqcx.). The register pair is RTp (high doubleword, the even
 * register) and RTp+1 (low doubleword). In big-endian mode RTp comes from EA and RTp+1
 * from EA+8; in little-endian mode the doublewords swap places, so the low doubleword
 * (RTp+1) is the one at EA (QEMU gen_lq/gen_stq do the same).
 *
 * Atomicity across vCPU threads: the host has no 128-bit compare-and-swap, so the four
 * quadword instructions serialize on a striped lock of the quadword (GuestMemory.quadLocks)
 * when the access is aligned, which is when the ISA makes them single-copy atomic. Under
 * the lock stqcx. still writes each doubleword with a 64-bit compare-and-swap and undoes
 * the first if the second fails: a plain store by another vCPU that lands on the quadword
 * meanwhile is never lost, and stqcx. fails as it would on hardware, where that store
 * would have cleared the reservation. lq, lqarx and stqcx. never see a half-written stq or
 * stqcx. of another vCPU. The Linux-user runner is single-threaded and pays one
 * uncontended atomic per instruction.
 *
 * The reservation follows QEMU 7.2 (gen_lqarx, gen_stqcx_): RESERVE_VALUE holds RTp's
 * value and RESERVE_VALUE_HI RTp+1's; a store conditional of another size compares with
 * RESERVE_VALUE as after any load and reserve.
 */

/** The invalid forms (odd register pair; RTp equal to RA, or to RB for lqarx) are illegal instructions in QEMU. */
const invalidPair = (rt: number, ra: number, rb: number): boolean => (rt & 1) !== 0 || rt === ra || rt === rb;

function misaligned(c: Cpu, w: number): boolean {
  if ((ea.lo & 15) === 0) return false;
  c.exitWord = w;
  if (c.systemMode) { alignmentInterrupt(c, ea.hi, ea.lo); return true; }
  c.exitAddressHi = ea.hi; c.exitAddressLo = ea.lo;
  c.pendingExit = Exit.Alignment;
  return true;
}

/** Loaded quadword: the doubleword at EA (memory order) and the one at EA+8, as guest values. */
const loaded = { firstHi: 0, firstLo: 0, secondHi: 0, secondLo: 0 };

/** Reads the quadword at EA into `loaded`: atomically when aligned, as two doublewords otherwise. */
function readQuadword(c: Cpu): void {
  const le = c.littleEndian;
  if ((ea.lo & 15) !== 0) {
    loaded.firstLo = c.load64(ea.hi, ea.lo, le); loaded.firstHi = c.loadedHi;
    const s = (ea.lo >>> 0) + 8;
    loaded.secondLo = c.load64(c.mode64 ? (ea.hi + (s > 0xffffffff ? 1 : 0)) | 0 : 0, s | 0, le); loaded.secondHi = c.loadedHi;
    return;
  }
  const pa = c.translate(ea.hi, ea.lo, 16, ACCESS_READ);
  const view = c.view, memory = c.memory;
  const stripe = memory.lockQuadword(pa);
  loaded.firstHi = view.getInt32(le ? pa + 4 : pa, le); loaded.firstLo = view.getInt32(le ? pa : pa + 4, le);
  loaded.secondHi = view.getInt32(le ? pa + 12 : pa + 8, le); loaded.secondLo = view.getInt32(le ? pa + 8 : pa + 12, le);
  memory.unlockQuadword(stripe);
}

/** Sets RTp (high) and RTp+1 (low) from `loaded` in the machine's byte order. */
function setPair(c: Cpu, rt: number): void {
  if (c.littleEndian) { setGpr(c, rt, loaded.secondHi, loaded.secondLo); setGpr(c, rt + 1, loaded.firstHi, loaded.firstLo); }
  else { setGpr(c, rt, loaded.firstHi, loaded.firstLo); setGpr(c, rt + 1, loaded.secondHi, loaded.secondLo); }
}

function lq(c: Cpu, w: number): number {
  const rt = fRT(w), ra = fRA(w);
  if (invalidPair(rt, ra, -1)) return illegal(c, w);
  eaD(c, ra, fDQ(w));
  readQuadword(c);
  setPair(c, rt);
  return Flow.Next;
}

function stq(c: Cpu, w: number): number {
  const rs = fRT(w);
  if ((rs & 1) !== 0) return illegal(c, w);
  eaD(c, fRA(w), fDS(w));
  const le = c.littleEndian;
  // the doubleword stored at EA: RSp in big-endian mode, RSp+1 in little-endian mode
  const first = le ? rs + 1 : rs, second = le ? rs : rs + 1;
  if ((ea.lo & 15) !== 0) {
    const eh = ea.hi, el = ea.lo, s = (el >>> 0) + 8;
    const sh = c.mode64 ? (eh + (s > 0xffffffff ? 1 : 0)) | 0 : 0;
    c.probeWrite(sh, s | 0, 8); // both doublewords are checked before either is written
    c.store64(eh, el, hi(c, first), lo(c, first), le);
    c.store64(sh, s | 0, hi(c, second), lo(c, second), le);
    return Flow.Next;
  }
  const pa = c.translate(ea.hi, ea.lo, 16, ACCESS_WRITE);
  const memory = c.memory;
  const stripe = memory.lockQuadword(pa);
  writeDoubleword(c, pa, hi(c, first), lo(c, first));
  writeDoubleword(c, pa + 8, hi(c, second), lo(c, second));
  memory.unlockQuadword(stripe);
  return Flow.Next;
}

function writeDoubleword(c: Cpu, pa: number, h: number, l: number): void {
  const le = c.littleEndian, view = c.view;
  if (le) { view.setInt32(pa, l, true); view.setInt32(pa + 4, h, true); }
  else { view.setInt32(pa, h, false); view.setInt32(pa + 4, l, false); }
}

function lqarx(c: Cpu, w: number): number {
  const rt = fRT(w), ra = fRA(w), rb = fRB(w);
  if (invalidPair(rt, ra, rb)) return illegal(c, w);
  eaX(c, ra, rb);
  if (misaligned(c, w)) return c.systemMode ? Flow.Jump : Flow.Exit;
  readQuadword(c);
  setPair(c, rt);
  const r = c.r;
  r[W_RESERVE_ADDR] = ea.lo; r[W_RESERVE_ADDR + 1] = ea.hi;
  r[W_RESERVE_SIZE] = 16;
  r[W_RESERVE_VALUE] = lo(c, rt); r[W_RESERVE_VALUE + 1] = hi(c, rt);
  r[W_RESERVE_VALUE_HI] = lo(c, rt + 1); r[W_RESERVE_VALUE_HI + 1] = hi(c, rt + 1);
  r[W_RESERVE_VALID] = 1;
  return Flow.Next;
}

/** A doubleword as a host-order BigInt64Array element, from its guest value. */
function hostDoubleword(le: boolean, h: number, l: number): bigint {
  const low = le ? l : bswap32(h), high = le ? h : bswap32(l);
  return BigInt.asIntN(64, (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0));
}

function bswap32(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

function stqcx(c: Cpu, w: number): number {
  const rs = fRT(w);
  if ((rs & 1) !== 0) return illegal(c, w);
  eaX(c, fRA(w), fRB(w));
  const r = c.r;
  // as for the other sizes (atomic.ts): no matching reservation, no access at all
  const reserved = r[W_RESERVE_VALID] === 1 && r[W_RESERVE_ADDR] === ea.lo && r[W_RESERVE_ADDR + 1] === ea.hi;
  // the reservation goes only once every access has been checked: a fault or a hypervisor
  // watchpoint abandons the instruction before that, and it runs again with its reservation
  const ok = reserved && ((ea.lo & 15) === 0 ? storeAligned(c, rs) : storeMisaligned(c, rs));
  r[W_RESERVE_VALID] = 0;
  // CR0 = 0b00 || success || XER[SO]
  r[W_CR] = (r[W_CR]! & 0x0fffffff) | ((ok ? 2 : 0) << 28) | ((r[W_XER]! & XER_SO) >>> 3);
  return Flow.Next;
}

/** The aligned store conditional: atomic against every vCPU (see the top of this file). */
function storeAligned(c: Cpu, rs: number): boolean {
  const pa = c.probeWrite(ea.hi, ea.lo, 16);
  c.r[W_RESERVE_VALID] = 0;
  // this cold path pays for BigInt: 64-bit compare-and-swap needs BigInt64Array atomics
  const r = c.r, le = c.littleEndian;
  // memory order: the doubleword at EA is RTp's in big-endian mode, RTp+1's in little-endian
  const rtp = hostDoubleword(le, r[W_RESERVE_VALUE + 1]!, r[W_RESERVE_VALUE]!);
  const rtp1 = hostDoubleword(le, r[W_RESERVE_VALUE_HI + 1]!, r[W_RESERVE_VALUE_HI]!);
  const want0 = le ? rtp1 : rtp, want1 = le ? rtp : rtp1;
  const first = le ? rs + 1 : rs, second = le ? rs : rs + 1;
  const put0 = hostDoubleword(le, hi(c, first), lo(c, first)), put1 = hostDoubleword(le, hi(c, second), lo(c, second));
  const memory = c.memory, dw = memory.i64, index = pa >> 3;
  let ok = false;
  const stripe = memory.lockQuadword(pa);
  if (Atomics.compareExchange(dw, index, want0, put0) === want0) {
    if (Atomics.compareExchange(dw, index + 1, want1, put1) === want1) ok = true;
    else Atomics.compareExchange(dw, index, put0, want0); // undo, unless overwritten meanwhile
  }
  memory.unlockQuadword(stripe);
  return ok;
}

/**
 * A misaligned EA: the ISA leaves the result boundedly undefined (or an alignment
 * interrupt); QEMU 7.2 compares and stores the two doublewords without any alignment
 * check (measured by difftest), and so does this, with no atomicity.
 */
function storeMisaligned(c: Cpu, rs: number): boolean {
  const r = c.r, le = c.littleEndian;
  const eh = ea.hi, el = ea.lo, s = (el >>> 0) + 8;
  const sh = c.mode64 ? (eh + (s > 0xffffffff ? 1 : 0)) | 0 : 0, sl = s | 0;
  const firstLo = c.load64(eh, el, le), firstHi = c.loadedHi;
  const secondLo = c.load64(sh, sl, le), secondHi = c.loadedHi;
  const wantFirst = le ? W_RESERVE_VALUE_HI : W_RESERVE_VALUE, wantSecond = le ? W_RESERVE_VALUE : W_RESERVE_VALUE_HI;
  if (firstLo !== r[wantFirst] || firstHi !== r[wantFirst + 1] || secondLo !== r[wantSecond] || secondHi !== r[wantSecond + 1]) return false;
  const first = le ? rs + 1 : rs, second = le ? rs : rs + 1;
  c.probeWrite(eh, el, 8); c.probeWrite(sh, sl, 8); // both are checked before either is written
  r[W_RESERVE_VALID] = 0;
  c.store64(eh, el, hi(c, first), lo(c, first), le);
  c.store64(sh, sl, hi(c, second), lo(c, second), le);
  return true;
}

export const quadwordDefs: InstructionDef[] = [
  { mnemonic: 'lq', form: 'DQ', primary: 56, exec: lq },
  { mnemonic: 'stq', form: 'DS', primary: 62, xo: 2, exec: stq },
  { mnemonic: 'lqarx', form: 'X', primary: 31, xo: 276, exec: lqarx },
  { mnemonic: 'stqcx.', form: 'X', primary: 31, xo: 182, exec: stqcx },
];
